// Doorlist's decode pipeline on zxing-wasm: a fast pass on a downscaled frame, the full frame only when that finds nothing.
import type { BarcodeEngine, DecodedCode } from './barcodeEngine.ts';
import { FrameRasteriser, type FrameSource } from './frameScaling.ts';
import { loadZxingWasm, readTicketCodes } from './zxingWasmEngine.ts';

/** Long side of the fast pass: a ticket held up to the camera fills enough of a 640-pixel frame to read. */
export const FAST_PASS_MAX_SIDE = 640;

export type FullFramePolicy = 'always' | 'alternate' | 'never';

/**
 * `always`: every frame that fails the fast pass is read again at full size (best success per frame: the benchmark).
 * `alternate`: only every other failing frame is (the live camera: small or distant codes still read, idle CPU halves).
 */
export function createDoorlistDecoder(policy: FullFramePolicy = 'always'): { engine: BarcodeEngine; ready: Promise<void> } {
  const rasteriser = new FrameRasteriser();
  let failedFrames = 0;
  const ready = loadZxingWasm();
  const engine: BarcodeEngine = {
    name: 'doorlist',
    async decode(frame: FrameSource): Promise<DecodedCode[]> {
      await ready;
      const fast = await readTicketCodes(rasteriser.pixels(frame, FAST_PASS_MAX_SIDE));
      const isDownscaled = Math.max(frame.width, frame.height) > FAST_PASS_MAX_SIDE;
      if (fast.length > 0 || !isDownscaled || policy === 'never') return fast;
      failedFrames += 1;
      if (policy === 'alternate' && failedFrames % 2 === 1) return fast;
      return readTicketCodes(rasteriser.pixels(frame, Infinity));
    },
  };
  return { engine, ready };
}
