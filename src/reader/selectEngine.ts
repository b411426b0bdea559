// Picks the engine for the camera, best first: the browser's BarcodeDetector, the doorlist pipeline in a worker (which
// restarts itself when it dies, and falls back to what follows if it keeps dying), the same pipeline on the page, and
// @zxing/browser's pure-JS decoder when WASM cannot load at all.
import type { BarcodeEngine } from './barcodeEngine.ts';
import { createDoorlistDecoder } from './doorlistDecoder.ts';
import { createHealingEngine } from './healingEngine.ts';
import { createNativeEngine } from './nativeEngine.ts';
import { createWorkerEngine } from './workerEngine.ts';

type Log = (message: string, context?: unknown) => void;

/** The engines after the worker: the pipeline on the page, else @zxing/browser. */
async function pageEngine(log: Log): Promise<BarcodeEngine> {
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

export async function selectEngine(log: Log): Promise<BarcodeEngine> {
  const native = await createNativeEngine();
  if (native) return native;
  try {
    return await createHealingEngine({
      start: (onDeath) => createWorkerEngine({ onDeath }),
      fallback: () => pageEngine(log),
      now: () => performance.now(),
      wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      log,
    });
  } catch (error) {
    log('scan: decoder worker unavailable, decoding on the page', error);
  }
  return pageEngine(log);
}
