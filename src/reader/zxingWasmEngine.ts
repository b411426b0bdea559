// ZXing-C++ compiled to WASM, its .wasm served by this app (and precached), never from a CDN.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { TICKET_FORMATS, type BarcodeEngine, type DecodedCode } from './barcodeEngine.ts';
import { FrameRasteriser } from './frameScaling.ts';

export const TICKET_READER_OPTIONS: ReaderOptions = {
  formats: [...TICKET_FORMATS],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true, // light-on-dark QR from phone screens in dark mode
  tryDownscale: true,
  maxNumberOfSymbols: 1,
};

/** Loads the WASM module now, so a failure to fetch or compile it shows here and the caller can fall back. */
export async function loadZxingWasm(): Promise<void> {
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
}

export async function readTicketCodes(pixels: ImageData, options: ReaderOptions = TICKET_READER_OPTIONS): Promise<DecodedCode[]> {
  const results = await readBarcodes(pixels, options);
  return results.filter((result) => result.isValid).map((result) => ({ text: result.text, format: result.format }));
}

/** zxing-wasm as it comes: every frame at full size. The benchmark's reference for what the pipeline adds. */
export async function createZxingWasmEngine(): Promise<BarcodeEngine> {
  await loadZxingWasm();
  const rasteriser = new FrameRasteriser();
  return {
    name: 'zxing-wasm',
    decode: (frame) => readTicketCodes(rasteriser.pixels(frame, Infinity)),
  };
}
