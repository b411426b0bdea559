// Module matrices of ticket barcodes: QR from the `qrcode` package (as the e2e videos use), the rest from ZXing-C++'s writer.
import QRCode from 'qrcode';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import writerWasmUrl from 'zxing-wasm/writer/zxing_writer.wasm?url';
import type { CodeFormat, EcLevel } from './corpusSpec.ts';

export interface ModuleMatrix {
  /** Columns and rows of modules, quiet zone included. */
  columns: number;
  rows: number;
  isDark(column: number, row: number): boolean;
  /** Linear codes: bar height as a fraction of the symbol's width (rows is then 1). */
  barHeightRatio: number | null;
}

const QUIET_MODULES: Readonly<Record<CodeFormat, number>> = { qr: 4, aztec: 2, pdf417: 2, code128: 10 };
const WRITER_FORMAT = { aztec: 'Aztec', pdf417: 'PDF417', code128: 'Code128' } as const;
const CODE128_BAR_HEIGHT_RATIO = 0.22;

let writerReady: Promise<unknown> | null = null;

/** The writer's .wasm comes from this page's own build, never from a CDN. */
function loadWriter(): Promise<unknown> {
  writerReady ??= prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? writerWasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return writerReady;
}

function withQuietZone(columns: number, rows: number, quiet: number, dark: (column: number, row: number) => boolean, barHeightRatio: number | null): ModuleMatrix {
  const quietRows = barHeightRatio === null ? quiet : 0;
  return {
    columns: columns + 2 * quiet,
    rows: rows + 2 * quietRows,
    barHeightRatio,
    isDark: (column, row) => {
      const c = column - quiet;
      const r = row - quietRows;
      return c >= 0 && r >= 0 && c < columns && r < rows && dark(c, r);
    },
  };
}

const cache = new Map<string, ModuleMatrix>();

export async function moduleMatrix(format: CodeFormat, text: string, ecLevel: EcLevel): Promise<ModuleMatrix> {
  const key = `${format}|${ecLevel}|${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let matrix: ModuleMatrix;
  if (format === 'qr') {
    const qr = QRCode.create(text, { errorCorrectionLevel: ecLevel });
    const size = qr.modules.size;
    matrix = withQuietZone(size, size, QUIET_MODULES.qr, (c, r) => qr.modules.get(r, c) === 1, null);
  } else {
    await loadWriter();
    const written = await writeBarcode(text, { format: WRITER_FORMAT[format], addQuietZones: false, scale: 1 });
    if (written.error) throw new Error(`zxing-wasm writer could not make ${format} of "${text}": ${written.error}`);
    const { data, width, height } = written.symbol;
    const linear = format === 'code128';
    // The writer's symbol is one byte a module, 0 for dark; a linear code's rows are all the same, so one is kept.
    matrix = withQuietZone(width, linear ? 1 : height, QUIET_MODULES[format], (c, r) => data[r * width + c] === 0, linear ? CODE128_BAR_HEIGHT_RATIO : null);
  }
  cache.set(key, matrix);
  return matrix;
}
