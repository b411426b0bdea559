// Primary engine: ZXing-C++ compiled to WASM, its .wasm served by this app (and precached), never from a CDN.
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { TICKET_FORMATS, type BarcodeEngine } from './barcodeEngine.ts';

export async function createZxingWasmEngine(): Promise<BarcodeEngine> {
  // fireImmediately makes the load (and any failure to fetch or compile the .wasm) happen now, so the caller can fall back.
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return {
    name: 'zxing-wasm',
    async decode(frame) {
      const results = await readBarcodes(frame, {
        formats: [...TICKET_FORMATS],
        tryHarder: true,
        tryInvert: true,
        maxNumberOfSymbols: 1,
      });
      return results.filter((result) => result.isValid).map((result) => ({ text: result.text, format: result.format }));
    },
  };
}
