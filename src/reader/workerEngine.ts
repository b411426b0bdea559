// The doorlist pipeline behind a Web Worker: frames (ImageBitmaps) are transferred, not copied.
import type { BarcodeEngine, DecodedCode } from './barcodeEngine.ts';
import type { DecodeRequest, DecodeWorkerMessage } from './decodeWorkerProtocol.ts';

const WORKER_START_TIMEOUT_MS = 15_000;

export function createWorkerEngine(): Promise<BarcodeEngine> {
  const worker = new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module', name: 'doorlist-decoder' });
  const pending = new Map<number, { resolve: (codes: DecodedCode[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;

  return new Promise<BarcodeEngine>((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error('The decoder worker did not start'));
    }, WORKER_START_TIMEOUT_MS);
    worker.onerror = (event) => {
      clearTimeout(timer);
      reject(new Error(`The decoder worker failed: ${event.message}`));
    };
    worker.onmessage = (event: MessageEvent<DecodeWorkerMessage>) => {
      const message = event.data;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(engine);
      } else if (message.type === 'loadFailed') {
        clearTimeout(timer);
        worker.terminate();
        reject(new Error(message.message));
      } else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.type === 'decoded') waiter?.resolve(message.codes);
        else waiter?.reject(new Error(message.message));
      }
    };
    const engine: BarcodeEngine = {
      name: 'doorlist',
      decode(frame) {
        const id = nextId++;
        return new Promise<DecodedCode[]>((resolveDecode, rejectDecode) => {
          pending.set(id, { resolve: resolveDecode, reject: rejectDecode });
          const request: DecodeRequest = { id, frame };
          worker.postMessage(request, frame instanceof ImageBitmap ? [frame] : []);
        });
      },
      dispose() {
        worker.terminate();
        for (const waiter of pending.values()) waiter.reject(new Error('decoder stopped'));
        pending.clear();
      },
    };
  });
}
