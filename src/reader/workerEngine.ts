// The doorlist pipeline behind a Web Worker: frames (ImageBitmaps) are transferred, not copied. A worker that errors
// or stops answering (killed, crashed) settles every pending decode with an error and reports its death once.
import type { BarcodeEngine, DecodedCode } from './barcodeEngine.ts';
import type { DecodeRequest, DecodeWorkerMessage } from './decodeWorkerProtocol.ts';

const WORKER_START_TIMEOUT_MS = 15_000;
/** A decode takes 3–30 ms here and a few hundred on a slow phone: a worker silent this long is dead. */
export const DECODE_STALL_MS = 1_000;

/** The part of a Worker this uses, so a test can hand a fake one. */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<DecodeWorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
  postMessage(message: DecodeRequest, transfer: Transferable[]): void;
  terminate(): void;
}

export interface WorkerEngineOptions {
  createWorker?: () => WorkerLike;
  setTimeout?: (run: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  stallMs?: number;
  /** Called once when the worker dies after start-up (its pending decodes are already rejected). */
  onDeath?: (reason: string) => void;
}

export class DecoderDiedError extends Error {
  override readonly name = 'DecoderDiedError';
}

const browserWorker = (): WorkerLike => new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module', name: 'doorlist-decoder' });
const isImageBitmap = (frame: unknown): frame is ImageBitmap => typeof ImageBitmap !== 'undefined' && frame instanceof ImageBitmap;

export function createWorkerEngine(options: WorkerEngineOptions = {}): Promise<BarcodeEngine> {
  const setTimer = options.setTimeout ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const stallMs = options.stallMs ?? DECODE_STALL_MS;
  const worker = (options.createWorker ?? browserWorker)();
  const pending = new Map<number, { resolve: (codes: DecodedCode[]) => void; reject: (error: Error) => void; watchdog: unknown }>();
  let nextId = 1;
  let started = false;
  let dead = false;

  const rejectAll = (error: Error) => {
    for (const waiter of pending.values()) {
      clearTimer(waiter.watchdog);
      waiter.reject(error);
    }
    pending.clear();
  };
  const die = (reason: string) => {
    if (dead) return;
    dead = true;
    worker.terminate();
    rejectAll(new DecoderDiedError(`The decoder stopped: ${reason}`));
    options.onDeath?.(reason);
  };

  return new Promise<BarcodeEngine>((resolve, reject) => {
    const timer = setTimer(() => {
      dead = true;
      worker.terminate();
      reject(new Error('The decoder worker did not start'));
    }, WORKER_START_TIMEOUT_MS);
    worker.onerror = (event) => {
      if (!started) {
        clearTimer(timer);
        dead = true;
        worker.terminate();
        reject(new Error(`The decoder worker failed: ${event.message}`));
      } else die(`worker error (${event.message})`);
    };
    worker.onmessageerror = () => {
      if (started) die('a message could not be read');
    };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'ready') {
        clearTimer(timer);
        started = true;
        resolve(engine);
      } else if (message.type === 'loadFailed') {
        clearTimer(timer);
        dead = true;
        worker.terminate();
        reject(new Error(message.message));
      } else {
        const waiter = pending.get(message.id);
        if (!waiter) return;
        pending.delete(message.id);
        clearTimer(waiter.watchdog);
        if (message.type === 'decoded') waiter.resolve(message.codes);
        else waiter.reject(new Error(message.message));
      }
    };
    const engine: BarcodeEngine = {
      name: 'doorlist',
      decode(frame) {
        if (dead) return Promise.reject(new DecoderDiedError('The decoder stopped'));
        const id = nextId++;
        return new Promise<DecodedCode[]>((resolveDecode, rejectDecode) => {
          const watchdog = setTimer(() => die(`no answer in ${stallMs} ms`), stallMs);
          pending.set(id, { resolve: resolveDecode, reject: rejectDecode, watchdog });
          const request: DecodeRequest = { id, frame };
          try {
            worker.postMessage(request, isImageBitmap(frame) ? [frame] : []);
          } catch (error) {
            die(`the frame could not be sent (${error instanceof Error ? error.message : String(error)})`);
          }
        });
      },
      dispose() {
        dead = true;
        worker.terminate();
        rejectAll(new Error('decoder stopped'));
      },
    };
  });
}
