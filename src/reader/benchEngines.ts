// Every decode engine by its benchmark name, for the benchmark harness (bench/) that runs them side by side.
import type { BarcodeEngine } from './barcodeEngine.ts';
import { createDoorlistDecoder } from './doorlistDecoder.ts';
import { createNativeEngine } from './nativeEngine.ts';
import { createZxingBrowserEngine } from './zxingBrowserEngine.ts';
import { createZxingWasmEngine } from './zxingWasmEngine.ts';

export type EngineFactory = () => Promise<BarcodeEngine | null>;

export const BENCH_ENGINES: Record<string, EngineFactory> = {
  'zxing-browser': async () => createZxingBrowserEngine(), // the baseline
  'zxing-wasm': createZxingWasmEngine,
  doorlist: async () => {
    const { engine, ready } = createDoorlistDecoder('always');
    await ready;
    return engine;
  },
  'doorlist-live': async () => {
    const { engine, ready } = createDoorlistDecoder('live'); // what the camera runs: its empty-frame cost is idle CPU
    await ready;
    return engine;
  },
  'barcode-detector': () => createNativeEngine(), // null where the browser has none
};
