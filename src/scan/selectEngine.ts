// Picks the fastest engine that loads here: ZXing-C++ WASM first, @zxing/library (loaded only then) when WASM cannot load.
import type { BarcodeEngine } from './barcodeEngine.ts';
import { createZxingWasmEngine } from './zxingWasmEngine.ts';

export async function selectEngine(log: (message: string, context?: unknown) => void): Promise<BarcodeEngine> {
  try {
    return await createZxingWasmEngine();
  } catch (error) {
    log('scan: WASM decoder failed to load, using @zxing/library', error);
    const { createZxingJsEngine } = await import('./zxingJsEngine.ts');
    return createZxingJsEngine();
  }
}
