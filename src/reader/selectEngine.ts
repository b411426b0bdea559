// Picks the engine for the camera, best first: the browser's BarcodeDetector, the doorlist pipeline in a worker,
// the same pipeline on the page, and @zxing/browser's pure-JS decoder when WASM cannot load at all.
import type { BarcodeEngine } from './barcodeEngine.ts';
import { createDoorlistDecoder } from './doorlistDecoder.ts';
import { createNativeEngine } from './nativeEngine.ts';
import { createWorkerEngine } from './workerEngine.ts';

export async function selectEngine(log: (message: string, context?: unknown) => void): Promise<BarcodeEngine> {
  const native = await createNativeEngine();
  if (native) return native;
  try {
    return await createWorkerEngine();
  } catch (error) {
    log('scan: decoder worker unavailable, decoding on the page', error);
  }
  try {
    const { engine, ready } = createDoorlistDecoder('live');
    await ready;
    return engine;
  } catch (error) {
    log('scan: WASM decoder failed to load, using @zxing/browser', error);
  }
  const { createZxingBrowserEngine } = await import('./zxingBrowserEngine.ts');
  return createZxingBrowserEngine();
}
