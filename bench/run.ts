// Entry of `npm run bench`: builds the app and the harness, runs every benchmark, writes bench/results/scan.{json,md}, sync.{json,md}, search.{json,md} and guestlist.{json,md}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertChromium, BenchSetupError } from './browser.ts';
import { buildApp, buildHarness, HARNESS_DIST } from './build.ts';
import { runBurst, runFrameToVerdict } from './cameraBench.ts';
import { ARTIFACTS_DIR, writeBurstVideo, writeEmptyVideo, writeFrameToVerdictVideo } from './cameraVideos.ts';
import { BASELINE_ENGINE, runDecodeBench, type DecodeBenchResult } from './decodeBench.ts';
import { startDemoServer, type DemoServer } from './demoServer.ts';
import { machineDescription, type BenchResultFile, type Figures } from './figures.ts';
import { runIdleCpu } from './idleCpuBench.ts';
import { renderMarkdown } from './report.ts';
import { serveStatic } from './staticServer.ts';
import { runSearchBench, writeSearchResults } from './search.ts';
import { runGuestListBench, writeGuestListResults } from './guestListBench.ts';
import { runSyncBench, type SyncBenchResult } from './syncBench.ts';
import { writeSyncResults } from './syncReport.ts';
import { burstTicketIds, frameToVerdictTicketIds, timingTicketIds } from './ticketSets.ts';

const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));
const SCAN_BENCHMARKS = ['decode', 'frame-to-verdict', 'burst', 'idle-cpu'] as const;
const BENCHMARKS = [...SCAN_BENCHMARKS, 'sync', 'search', 'guestlist'] as const;
type Benchmark = (typeof BENCHMARKS)[number];

/**
 * `--only=decode,burst` runs a subset (its scan figures go to bench/.artifacts/, never over the committed results).
 * `sync` has a result file of its own, so `--only=sync` is complete for it and writes bench/results/sync.{json,md}.
 */
function selectedBenchmarks(argv: readonly string[]): Benchmark[] {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (!only) return [...BENCHMARKS];
  const names = only.split(',');
  const unknown = names.filter((name) => !BENCHMARKS.includes(name as Benchmark));
  if (unknown.length > 0) throw new BenchSetupError(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  return names as Benchmark[];
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const startedAt = performance.now();
  const selected = selectedBenchmarks(process.argv.slice(2));
  assertChromium();
  console.log('Building the app and the decode harness (bench/.dist/)…');
  await buildApp();
  await buildHarness();
  console.log(`  built in ${seconds(startedAt)}`);

  const figures: Figures = {};
  const failures: string[] = [];
  let decode: DecodeBenchResult | null = null;
  let sync: SyncBenchResult | null = null;
  const harness = await serveStatic(HARNESS_DIST);
  let server: DemoServer | null = null;
  const run = async (name: Benchmark, body: () => Promise<Figures>) => {
    if (!selected.includes(name)) return;
    const stepStartedAt = performance.now();
    console.log(`\n${name}`);
    try {
      Object.assign(figures, await body());
    } catch (error) {
      if (error instanceof BenchSetupError) throw error;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.error(`  FAILED: ${message}`);
      failures.push(`${name}: ${message}`);
    }
    console.log(`  (${seconds(stepStartedAt)})`);
  };
  const demoServer = async () => (server ??= await startDemoServer());

  try {
    await run('decode', async () => {
      decode = await runDecodeBench(harness.origin, timingTicketIds(), process.env.BENCH_SNAPSHOTS ? `${ARTIFACTS_DIR}/frames` : null);
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(`${ARTIFACTS_DIR}/decode-frames.json`, JSON.stringify(decode.corpus, null, 1));
      if (decode.misreads.length > 0) console.log(`  misreads or errors:\n    ${decode.misreads.join('\n    ')}`);
      return decode.figures;
    });
    await run('frame-to-verdict', async () => runFrameToVerdict(await demoServer(), await writeFrameToVerdictVideo(frameToVerdictTicketIds())));
    await run('burst', async () => runBurst(await demoServer(), await writeBurstVideo(burstTicketIds())));
    await run('idle-cpu', async () => runIdleCpu(await demoServer(), harness.origin, writeEmptyVideo()));
    await run('sync', async () => {
      sync = await runSyncBench(await demoServer(), harness.origin);
      return {};
    });
    // Its own result file (bench/results/search.{json,md}), like sync.
    await run('search', async () => {
      writeSearchResults(RESULTS_DIR, await runSearchBench());
      return {};
    });
    // Its own result file too (bench/results/guestlist.{json,md}): a gateway and 100,000 tickets of its own.
    await run('guestlist', async () => {
      writeGuestListResults(RESULTS_DIR, await runGuestListBench(true));
      return {};
    });
  } finally {
    await (server as DemoServer | null)?.stop();
    await harness.close();
  }

  const syncResult = sync as SyncBenchResult | null;
  if (syncResult) {
    const written = writeSyncResults(RESULTS_DIR, syncResult, machineDescription());
    console.log(`\n${written.markdown}`);
    console.log(`Wrote ${written.folder}/sync.{json,md}.`);
  }
  if (selected.some((name) => name !== 'sync' && name !== 'guestlist')) {
    const decodeResult = decode as DecodeBenchResult | null;
    const result: BenchResultFile = { name: 'scan', machine: machineDescription(), date: new Date().toISOString(), figures };
    const markdown = renderMarkdown(result, {
      browserVersion: decodeResult?.browserVersion ?? null,
      available: decodeResult?.engines.available ?? [],
      unavailable: decodeResult?.engines.unavailable ?? {},
      baseline: BASELINE_ENGINE,
      corpusFrames: decodeResult?.corpus.length ?? 0,
      failures: failures.filter((failure) => !failure.startsWith('sync:')),
    });
    const complete = SCAN_BENCHMARKS.every((name) => selected.includes(name));
    const folder = complete ? RESULTS_DIR : ARTIFACTS_DIR;
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${folder}/scan${complete ? '' : '.partial'}.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${folder}/scan${complete ? '' : '.partial'}.md`, markdown);
    console.log(`\n${markdown}`);
    console.log(`Wrote ${folder}/scan${complete ? '' : '.partial'}.{json,md} in ${seconds(startedAt)}.`);
  }
  if (failures.length > 0) console.error(`${failures.length} benchmark(s) did not run: ${failures.join('; ')}`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof BenchSetupError ? 2 : 1);
  },
);
