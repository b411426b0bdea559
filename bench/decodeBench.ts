// Decode benchmark: every engine on timing sets (clean QR and empty scenes at 480p and 720p) and the condition corpus, in headless Chromium.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { launchChromium, BenchSetupError } from './browser.ts';
import { corpusSpecs, SIZES, timingSpecs, type FrameSpec } from './harness/corpusSpec.ts';
import type { DecodeOutcome, EngineSetUp } from './harness/protocol.ts';
import { median, ms, percentile, ratio, type Figures } from './figures.ts';

export const BASELINE_ENGINE = 'zxing-browser';
const TIMING_SAMPLES = 60;
const CORPUS_CHUNK = 24;
const TIMING_SEED = 4242;

export interface DecodeBenchResult {
  figures: Figures;
  browserVersion: string;
  engines: EngineSetUp;
  /** Frames read as something else than what they encode (should be none). */
  misreads: string[];
  /** Every corpus frame with each engine's outcome, for looking into failures. */
  corpus: { spec: FrameSpec; outcomes: Record<string, DecodeOutcome> }[];
}

function api(page: Page) {
  const call = <T>(run: (arg: unknown) => Promise<T>, arg?: unknown): Promise<T> => page.evaluate(run, arg);
  return {
    setUp: () => call(() => window.doorlistBench!.setUp()),
    prepare: (specs: FrameSpec[]) => call((arg) => window.doorlistBench!.prepare(arg as FrameSpec[]), specs),
    timeEngine: (engine: string) => call((arg) => window.doorlistBench!.timeEngine(arg as string), engine),
    decodeCorpus: (specs: FrameSpec[]) => call((arg) => window.doorlistBench!.decodeCorpus(arg as FrameSpec[]), specs),
    snapshot: (spec: FrameSpec) => call((arg) => window.doorlistBench!.snapshot(arg as FrameSpec), spec),
  };
}

const successRate = (outcomes: readonly DecodeOutcome[]) => ratio(outcomes.filter((outcome) => outcome.ok).length / outcomes.length);

function timingFigures(figures: Figures, set: string, engine: string, outcomes: DecodeOutcome[]): void {
  const times = outcomes.map((outcome) => outcome.ms);
  figures[`decode_median_ms_${set}.${engine}`] = ms(median(times));
  figures[`decode_p95_ms_${set}.${engine}`] = ms(percentile(times, 0.95));
  figures[`decode_success_rate_${set}.${engine}`] = successRate(outcomes);
  console.log(`  ${set.padEnd(10)} ${engine.padEnd(16)} median ${median(times).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, ok ${outcomes.filter((o) => o.ok).length}/${outcomes.length}`);
}

/** Optional: BENCH_SNAPSHOTS=1 writes every corpus frame as PNG to bench/.artifacts/frames/ to look at. */
async function writeSnapshots(page: Page, specs: FrameSpec[], folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const spec of specs) {
    const dataUrl = await api(page).snapshot(spec);
    writeFileSync(`${folder}/${spec.id.replaceAll('/', '_')}.png`, Buffer.from(dataUrl.split(',')[1] ?? '', 'base64'));
  }
}

export async function runDecodeBench(harnessOrigin: string, timingTicketIds: readonly string[], snapshotFolder: string | null): Promise<DecodeBenchResult> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`  [harness page error] ${error.message}`));
    await page.goto(`${harnessOrigin}/index.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const bench = api(page);
    const engines = await bench.setUp();
    console.log(`  engines: ${engines.available.join(', ')}${Object.keys(engines.unavailable).length ? `; unavailable: ${Object.entries(engines.unavailable).map(([n, why]) => `${n} (${why})`).join(', ')}` : ''}`);
    if (!engines.available.includes(BASELINE_ENGINE)) throw new BenchSetupError(`the baseline engine ${BASELINE_ENGINE} did not start: ${engines.unavailable[BASELINE_ENGINE] ?? 'missing'}`);

    const figures: Figures = {};
    const texts = timingTicketIds.slice(0, TIMING_SAMPLES);
    const sets: [string, FrameSpec[]][] = [
      ['720p_qr', timingSpecs(SIZES[1]!, texts, TIMING_SEED)],
      ['480p_qr', timingSpecs(SIZES[0]!, texts, TIMING_SEED)],
      ['720p_empty', timingSpecs(SIZES[1]!, Array<null>(TIMING_SAMPLES).fill(null), TIMING_SEED)],
      ['480p_empty', timingSpecs(SIZES[0]!, Array<null>(TIMING_SAMPLES).fill(null), TIMING_SEED)],
    ];
    for (const [set, specs] of sets) {
      await bench.prepare(specs);
      // Two rounds, the second in reverse engine order, so drift over the run (heat, GC) does not favour one engine.
      const pooled = new Map<string, DecodeOutcome[]>(engines.available.map((engine) => [engine, []]));
      for (const order of [engines.available, [...engines.available].reverse()]) {
        for (const engine of order) pooled.get(engine)!.push(...(await bench.timeEngine(engine)));
      }
      for (const [engine, outcomes] of pooled) timingFigures(figures, set, engine, outcomes);
    }
    await bench.prepare([]);
    const baselineP95 = figures[`decode_p95_ms_720p_qr.${BASELINE_ENGINE}`]!.value;
    for (const engine of engines.available.filter((name) => name !== BASELINE_ENGINE)) {
      figures[`decode_p95_ratio_720p_qr.${engine}_vs_${BASELINE_ENGINE}`] = ratio(baselineP95 / figures[`decode_p95_ms_720p_qr.${engine}`]!.value);
    }

    const specs = corpusSpecs();
    if (snapshotFolder) await writeSnapshots(page, specs, snapshotFolder);
    const outcomes: Record<string, DecodeOutcome[]> = Object.fromEntries(engines.available.map((name) => [name, []]));
    for (let start = 0; start < specs.length; start += CORPUS_CHUNK) {
      const chunk = await bench.decodeCorpus(specs.slice(start, start + CORPUS_CHUNK));
      for (const engine of engines.available) outcomes[engine]!.push(...(chunk[engine] ?? []));
      if (process.stdout.isTTY) process.stdout.write(`\r  corpus: ${Math.min(specs.length, start + CORPUS_CHUNK)}/${specs.length} frames`);
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    const misreads: string[] = [];
    for (const engine of engines.available) {
      const results = outcomes[engine]!;
      const pick = (keep: (spec: FrameSpec) => boolean) => results.filter((_, index) => keep(specs[index]!));
      figures[`success_rate.${engine}`] = successRate(results);
      for (const condition of new Set(specs.map((spec) => spec.condition))) figures[`success_rate.${engine}.${condition}`] = successRate(pick((spec) => spec.condition === condition));
      for (const format of new Set(specs.map((spec) => spec.code?.format))) figures[`success_rate.${engine}.${format}`] = successRate(pick((spec) => spec.code?.format === format));
      const times = results.map((outcome) => outcome.ms);
      figures[`decode_median_ms_corpus.${engine}`] = ms(median(times));
      figures[`decode_p95_ms_corpus.${engine}`] = ms(percentile(times, 0.95));
      results.forEach((outcome, index) => {
        if (outcome.note) misreads.push(`${engine} ${specs[index]!.id}: ${outcome.note}`);
      });
      const seedFrames = specs.map((spec, index) => [spec, results[index]!] as const).filter(([spec]) => spec.id.endsWith('/qr/0/clean'));
      console.log(`  corpus ${engine.padEnd(16)} success ${figures[`success_rate.${engine}`]!.value}; seed id QR (level M), clean: ${seedFrames.map(([spec, outcome]) => `${spec.sizeLabel} ${outcome.ok ? 'read' : 'not read'}`).join(', ')}`);
    }
    const corpus = specs.map((spec, index) => ({ spec, outcomes: Object.fromEntries(engines.available.map((name) => [name, outcomes[name]![index]!])) }));
    return { figures, browserVersion: browser.version(), engines, misreads, corpus };
  } finally {
    await browser.close();
  }
}
