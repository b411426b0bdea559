// The decode benchmark page: runs every engine of BENCH_ENGINES on generated frames, timing each decode call.
import { BENCH_ENGINES } from '../../src/reader/benchEngines.ts';
import type { BarcodeEngine } from '../../src/reader/barcodeEngine.ts';
import { SIZES, timingSpecs, type FrameSpec } from './corpusSpec.ts';
import type { DecodeOutcome, DoorlistBenchApi, EngineSetUp } from './protocol.ts';
import { renderFrame } from './renderFrame.ts';

const WARM_UP_ROUNDS = 5;

// @zxing/library warns on every frame without a code; with Playwright attached each warning also crosses CDP with a
// stack trace, a cost the baseline would not pay on a phone. So this page drops warnings.
console.warn = () => undefined;

interface PreparedFrame {
  spec: FrameSpec;
  pixels: ImageData;
}

const engines = new Map<string, BarcodeEngine>();
let prepared: PreparedFrame[] = [];

async function decodeTimed(engine: BarcodeEngine, frame: PreparedFrame): Promise<DecodeOutcome> {
  const expected = frame.spec.code?.text ?? null;
  const started = performance.now();
  try {
    const codes = await engine.decode(frame.pixels);
    const ms = performance.now() - started;
    const ok = expected === null ? codes.length === 0 : codes.some((code) => code.text === expected);
    return ok || codes.length === 0 ? { ms, ok } : { ms, ok, note: `read ${JSON.stringify(codes.map((code) => code.text))}` };
  } catch (error) {
    return { ms: performance.now() - started, ok: false, note: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
}

async function warmUp(engine: BarcodeEngine): Promise<void> {
  const frames: PreparedFrame[] = [];
  for (const size of SIZES) {
    for (const spec of timingSpecs(size, ['warm-up 0001', null], 7)) frames.push({ spec, pixels: await renderFrame(spec) });
  }
  for (let round = 0; round < WARM_UP_ROUNDS; round += 1) for (const frame of frames) await decodeTimed(engine, frame);
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

const api: DoorlistBenchApi = {
  async setUp() {
    const result: EngineSetUp = { available: [], unavailable: {} };
    for (const [name, create] of Object.entries(BENCH_ENGINES)) {
      try {
        const engine = await create();
        if (engine === null) {
          result.unavailable[name] = 'not in this browser (its factory returned null)';
          continue;
        }
        await warmUp(engine);
        engines.set(name, engine);
        result.available.push(name);
      } catch (error) {
        result.unavailable[name] = `failed to start: ${describe(error)}`;
      }
    }
    return result;
  },

  async prepare(specs) {
    prepared = [];
    for (const spec of specs) prepared.push({ spec, pixels: await renderFrame(spec) });
    return prepared.length;
  },

  async timeEngine(name) {
    const engine = engines.get(name);
    if (!engine) throw new Error(`engine ${name} is not available`);
    const outcomes: DecodeOutcome[] = [];
    for (const frame of prepared) outcomes.push(await decodeTimed(engine, frame));
    return outcomes;
  },

  async decodeCorpus(specs) {
    const outcomes: Record<string, DecodeOutcome[]> = Object.fromEntries([...engines.keys()].map((name) => [name, []]));
    for (const spec of specs) {
      const frame = { spec, pixels: await renderFrame(spec) };
      for (const [name, engine] of engines) outcomes[name]!.push(await decodeTimed(engine, frame));
    }
    return outcomes;
  },

  async snapshot(spec) {
    const pixels = await renderFrame(spec);
    const canvas = new OffscreenCanvas(pixels.width, pixels.height);
    canvas.getContext('2d')?.putImageData(pixels, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return `data:image/png;base64,${btoa(binary)}`;
  },
};

window.doorlistBench = api;
document.body.dataset.ready = 'true';
