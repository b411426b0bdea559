// @zxing/browser's own decoder (pure JS @zxing/library underneath): the fallback when WASM cannot load, and the benchmark baseline.
import { BrowserMultiFormatReader } from '@zxing/browser';
import { BarcodeFormat, DecodeHintType, NotFoundException } from '@zxing/library';
import type { BarcodeEngine } from './barcodeEngine.ts';
import { FrameRasteriser } from './frameScaling.ts';

const FORMATS = [BarcodeFormat.QR_CODE, BarcodeFormat.AZTEC, BarcodeFormat.PDF_417, BarcodeFormat.DATA_MATRIX, BarcodeFormat.CODE_128];

export function createZxingBrowserEngine(): BarcodeEngine {
  const reader = new BrowserMultiFormatReader(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, FORMATS]]));
  const rasteriser = new FrameRasteriser();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    name: 'zxing-browser',
    async decode(frame) {
      if (!context) throw new Error('Canvas 2D is not available');
      const pixels = rasteriser.pixels(frame, Infinity);
      canvas.width = pixels.width;
      canvas.height = pixels.height;
      context.putImageData(pixels, 0, 0);
      try {
        const result = reader.decodeFromCanvas(canvas);
        return [{ text: result.getText(), format: BarcodeFormat[result.getBarcodeFormat()] ?? 'unknown' }];
      } catch (error) {
        // "no code in this frame" is the normal answer for most frames, not an error
        if (error instanceof NotFoundException || (error instanceof Error && /NotFound|Checksum|Format/.test(error.name))) return [];
        throw error;
      }
    },
  };
}
