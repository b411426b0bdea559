// The browser's own BarcodeDetector (Chrome on Android, Safari 17+): used where it exists and reads QR codes.
import type { BarcodeEngine } from './barcodeEngine.ts';
import type { FrameSource } from './frameScaling.ts';

interface DetectedBarcodeLike {
  rawValue: string;
  format: string;
}

interface BarcodeDetectorLike {
  detect(source: FrameSource): Promise<DetectedBarcodeLike[]>;
}

export interface BarcodeDetectorConstructorLike {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

const WANTED = ['qr_code', 'aztec', 'pdf417', 'data_matrix', 'code_128'];

/** Null when there is no BarcodeDetector or it cannot read QR codes (desktop Linux Chromium has none). */
export async function createNativeEngine(
  detectorClass: BarcodeDetectorConstructorLike | undefined = (globalThis as { BarcodeDetector?: BarcodeDetectorConstructorLike }).BarcodeDetector,
): Promise<BarcodeEngine | null> {
  if (!detectorClass) return null;
  let supported: string[];
  try {
    supported = await detectorClass.getSupportedFormats();
  } catch {
    return null; // a detector that cannot even list its formats is not one to rely on at the door
  }
  const formats = WANTED.filter((format) => supported.includes(format));
  if (!formats.includes('qr_code')) return null;
  const detector = new detectorClass({ formats });
  return {
    name: 'barcode-detector',
    async decode(frame) {
      const found = await detector.detect(frame);
      return found.filter((code) => code.rawValue.length > 0).map((code) => ({ text: code.rawValue, format: code.format }));
    },
  };
}
