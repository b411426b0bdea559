// Fallback engine: @zxing/library (the decoder inside @zxing/browser), pure JS, for when the WASM engine cannot load.
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, NotFoundException, RGBLuminanceSource } from '@zxing/library';
import { toGreyscale, type BarcodeEngine } from './barcodeEngine.ts';

const FORMATS = [BarcodeFormat.QR_CODE, BarcodeFormat.AZTEC, BarcodeFormat.PDF_417, BarcodeFormat.DATA_MATRIX, BarcodeFormat.CODE_128];

export function createZxingJsEngine(): BarcodeEngine {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, FORMATS],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  reader.setHints(hints);
  return {
    name: '@zxing/library',
    async decode(frame) {
      const source = new RGBLuminanceSource(toGreyscale(frame), frame.width, frame.height);
      try {
        const result = reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(source)));
        return [{ text: result.getText(), format: BarcodeFormat[result.getBarcodeFormat()] }];
      } catch (error) {
        if (error instanceof NotFoundException || (error instanceof Error && /NotFound|Checksum|Format/.test(error.name))) return [];
        throw error;
      }
    },
  };
}
