// Doorlist's decode pipeline on zxing-wasm: a cheap pass on a downscaled frame every time, costlier passes when it fails.
import type { ReaderOptions } from 'zxing-wasm/reader';
import { TICKET_FORMATS, type BarcodeEngine, type DecodedCode } from './barcodeEngine.ts';
import { FrameRasteriser, type FrameSource } from './frameScaling.ts';
import { loadZxingWasm, readTicketCodes } from './zxingWasmEngine.ts';

/** Long side of the downscaled passes: a ticket held up to the camera fills enough of a 640-pixel frame to read. */
export const DOWNSCALED_MAX_SIDE = 640;

const QUICK: ReaderOptions = { formats: [...TICKET_FORMATS], tryHarder: true, tryRotate: false, tryInvert: false, tryDownscale: true, maxNumberOfSymbols: 1 };
const THOROUGH: ReaderOptions = { ...QUICK, tryRotate: true, tryInvert: true };

export interface DecodePass {
  maxSide: number;
  /** Invert the pixels ourselves: ZXing's tryInvert covers QR and Aztec but not PDF417 or Code 128 (measured). */
  invertPixels: boolean;
  options: ReaderOptions;
}

const PASSES = {
  quick: { maxSide: DOWNSCALED_MAX_SIDE, invertPixels: false, options: QUICK },
  thorough: { maxSide: DOWNSCALED_MAX_SIDE, invertPixels: false, options: THOROUGH }, // codes at 90°, light-on-dark QR
  fullFrame: { maxSide: Infinity, invertPixels: false, options: THOROUGH }, // small or distant codes
  inverted: { maxSide: DOWNSCALED_MAX_SIDE, invertPixels: true, options: QUICK }, // dark-mode wallet PDF417 / Code 128
} satisfies Record<string, DecodePass>;

type PassName = keyof typeof PASSES;

/**
 * `always`: every pass in turn until one reads (best success per frame: what the benchmark's success rate measures).
 * `live`: the quick pass on every frame and, when it fails, ONE of the costlier passes, taking turns frame by frame:
 * at 30 frames a second every kind of code is still tried several times a second, at a fraction of the cost.
 */
export type DecodePolicy = 'always' | 'live';

const ESCALATION: readonly PassName[] = ['thorough', 'fullFrame', 'thorough', 'inverted'];

function invert(pixels: ImageData): ImageData {
  const data = new Uint8ClampedArray(pixels.data);
  for (let offset = 0; offset < data.length; offset += 4) {
    data[offset] = 255 - data[offset]!;
    data[offset + 1] = 255 - data[offset + 1]!;
    data[offset + 2] = 255 - data[offset + 2]!;
  }
  return new ImageData(data, pixels.width, pixels.height);
}

function createPassRunner() {
  const rasteriser = new FrameRasteriser();
  return (frame: FrameSource, pass: DecodePass): Promise<DecodedCode[]> => {
    const pixels = rasteriser.pixels(frame, pass.maxSide);
    return readTicketCodes(pass.invertPixels ? invert(pixels) : pixels, pass.options);
  };
}

export function createDoorlistDecoder(policy: DecodePolicy = 'always'): { engine: BarcodeEngine; ready: Promise<void> } {
  const runPass = createPassRunner();
  const ready = loadZxingWasm();
  let failedFrames = 0;
  const isNeeded = (name: PassName, frame: FrameSource) => name !== 'fullFrame' || Math.max(frame.width, frame.height) > DOWNSCALED_MAX_SIDE;

  const engine: BarcodeEngine = {
    name: policy === 'always' ? 'doorlist' : 'doorlist-live',
    async decode(frame) {
      await ready;
      const quick = await runPass(frame, PASSES.quick);
      if (quick.length > 0) return quick;
      if (policy === 'live') {
        const next = ESCALATION[failedFrames++ % ESCALATION.length]!;
        return isNeeded(next, frame) ? runPass(frame, PASSES[next]) : [];
      }
      for (const name of ['thorough', 'fullFrame', 'inverted'] as const) {
        if (!isNeeded(name, frame)) continue;
        const codes = await runPass(frame, PASSES[name]);
        if (codes.length > 0) return codes;
      }
      return [];
    },
  };
  return { engine, ready };
}
