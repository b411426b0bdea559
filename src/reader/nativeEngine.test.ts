import { describe, expect, it } from 'vitest';
import { createNativeEngine, type BarcodeDetectorConstructorLike } from './nativeEngine.ts';

function detectorClass(formats: string[] | Error, found: Array<{ rawValue: string; format: string }> = []): BarcodeDetectorConstructorLike & { asked: string[][] } {
  const asked: string[][] = [];
  return class {
    static asked = asked;
    static async getSupportedFormats() {
      if (formats instanceof Error) throw formats;
      return formats;
    }
    constructor(options?: { formats: string[] }) {
      asked.push(options?.formats ?? []);
    }
    async detect() {
      return found;
    }
  };
}

describe('createNativeEngine', () => {
  it('is absent where the browser has no BarcodeDetector, or one that cannot read QR', async () => {
    expect(await createNativeEngine(undefined)).toBeNull();
    expect(await createNativeEngine(detectorClass(['ean_13', 'upc_a']))).toBeNull();
    expect(await createNativeEngine(detectorClass(new Error('not allowed')))).toBeNull();
  });

  it('asks only for ticket formats the detector has, and drops empty reads', async () => {
    const detector = detectorClass(['qr_code', 'aztec', 'ean_13'], [{ rawValue: '2148', format: 'qr_code' }, { rawValue: '', format: 'qr_code' }]);
    const engine = await createNativeEngine(detector);
    expect(engine?.name).toBe('barcode-detector');
    expect(detector.asked).toEqual([['qr_code', 'aztec']]);
    expect(await engine!.decode({ width: 1, height: 1 } as ImageData)).toEqual([{ text: '2148', format: 'qr_code' }]);
  });
});
