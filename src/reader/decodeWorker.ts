// Web Worker hosting the doorlist decode pipeline, so decoding never blocks the page.
/// <reference lib="webworker" />
import { createDoorlistDecoder } from './doorlistDecoder.ts';
import type { DecodeRequest, DecodeWorkerMessage } from './decodeWorkerProtocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const { engine, ready } = createDoorlistDecoder('live');
const post = (message: DecodeWorkerMessage) => scope.postMessage(message);

ready.then(
  () => post({ type: 'ready' }),
  (error: unknown) => post({ type: 'loadFailed', message: error instanceof Error ? error.message : String(error) }),
);

scope.onmessage = async (event: MessageEvent<DecodeRequest>) => {
  const { id, frame } = event.data;
  const started = performance.now();
  try {
    const codes = await engine.decode(frame);
    post({ type: 'decoded', id, codes, decodeMs: performance.now() - started });
  } catch (error) {
    post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    if (frame instanceof ImageBitmap) frame.close();
  }
};
