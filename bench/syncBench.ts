// Sync benchmark: drain 10,000 queued scans to the demo backend from headless Chromium (real IndexedDB on disk), and time recordScan with 100,000 known tickets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { MAX_SCANS_PER_REQUEST } from '../src/contracts/batchLimits.ts';
import { DEMO_TONIC_TOKEN, demoTickets } from '../server/demoData.ts';
import { assertChromium, CHROMIUM_PATH } from './browser.ts';
import type { DemoServer } from './demoServer.ts';
import { count, median, ms, percentile, round, type Figures } from './figures.ts';
import type { DecideSpec, DrainProfile, DrainResult, DrainSpec, SeedSpec } from './harness/syncProtocol.ts';
import { CHROMIUM_ARGS } from '../e2e/support/chromium.ts';
import { appDrainOnce, type AppDrainRun } from './appDrainBench.ts';
import { deliveryCheck } from './deliveryCheck.ts';

export const DRAIN_SCANS = 10_000;
/** A small batch, and the app's default: the most a request carries (MAX_SCANS_PER_REQUEST, src/contracts/batchLimits.ts). */
export const BATCH_SIZES = [50, MAX_SCANS_PER_REQUEST] as const;
const KNOWN_TICKETS = 100_000;
const DECIDE_SAMPLES = 300;
const DECIDE_WARM_UP = 20;
const HEAP_SAMPLE_MS = 50;
const DRAIN_TIMEOUT_MS = 120_000;
export const DRAIN_TARGET_S = 5;
/** App drains, two per screen, in an order where drift over the run favours neither. */
const APP_SCREENS_ORDER = ['scan', 'activity', 'activity', 'scan'] as const;
/** Profiled runs start only while the sync benchmark has run less than this, to keep it under 3 minutes. */
const PROFILE_BUDGET_S = 110;

export interface DrainRun {
  batchSize: number;
  relaxed: boolean;
  seconds: number;
  requests: number;
  lost: number;
  duplicated: number;
  peakHeapMb: number;
  baselineHeapMb: number;
  states: Record<string, number>;
  report: DrainResult['report'];
  profile: DrainProfile | null;
}

export interface SyncBenchResult {
  figures: Figures;
  browserVersion: string;
  runs: DrainRun[];
  /** The drain in the built app (appDrainBench.ts), two runs per screen. */
  appRuns: AppDrainRun[];
  recommendedBatch: number;
  decide: { fillSeconds: number; admitted: number; samples: number };
}

function bench(page: Page) {
  const call = <T>(run: (arg: unknown) => Promise<T>, arg: unknown): Promise<T> => page.evaluate(run, arg);
  return {
    seedQueue: (spec: SeedSpec) => call((arg) => window.doorlistSyncBench!.seedQueue(arg as SeedSpec), spec),
    drain: (spec: DrainSpec) => call((arg) => window.doorlistSyncBench!.drain(arg as DrainSpec), spec),
    readOutbox: (name: string) => call((arg) => window.doorlistSyncBench!.readOutbox(arg as string), name),
    decideAndWrite: (spec: DecideSpec) => call((arg) => window.doorlistSyncBench!.decideAndWrite(arg as DecideSpec), spec),
    deleteDatabase: (name: string) => call((arg) => window.doorlistSyncBench!.deleteDatabase(arg as string), name),
  };
}

const heapMb = async (cdp: CDPSession) => (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;

/** Samples the page's JS heap every HEAP_SAMPLE_MS while `work` runs; resolves with its result and the peak. */
async function withHeapPeak<T>(cdp: CDPSession, work: Promise<T>): Promise<{ result: T; peakMb: number }> {
  let done = false;
  let peakMb = 0;
  const settled = work.finally(() => (done = true));
  const sampler = (async () => {
    while (!done) {
      peakMb = Math.max(peakMb, await heapMb(cdp));
      await new Promise((resolve) => setTimeout(resolve, HEAP_SAMPLE_MS));
    }
  })();
  const result = await settled;
  await sampler;
  return { result, peakMb };
}

async function drainOnce(page: Page, cdp: CDPSession, server: DemoServer, batchSize: number, options: { profile: boolean; relaxed: boolean }): Promise<DrainRun> {
  const api = bench(page);
  const dbName = `bench-sync-${batchSize}${options.profile ? '-profile' : ''}${options.relaxed ? '-relaxed' : ''}`;
  await server.reset();
  await api.deleteDatabase(dbName);
  const ticketIds = demoTickets().map((ticket) => ticket.ticketId);
  const seeded = await api.seedQueue({ dbName, ticketIds, scans: DRAIN_SCANS, venueTimeZone: 'Europe/London' });
  if (seeded !== DRAIN_SCANS) throw new Error(`seeded ${seeded} queued scans, not ${DRAIN_SCANS}`);
  await cdp.send('HeapProfiler.collectGarbage');
  const baselineHeapMb = await heapMb(cdp);
  const spec: DrainSpec = { dbName, tonicBaseUrl: `${server.origin}/tonic`, token: DEMO_TONIC_TOKEN, batchSize, profile: options.profile, relaxedDurability: options.relaxed };
  const { result, peakMb } = await withHeapPeak(cdp, api.drain(spec));
  const outbox = await api.readOutbox(dbName);
  const delivery = await deliveryCheck(server, outbox);
  await api.deleteDatabase(dbName);
  const label = `batch ${String(batchSize).padStart(3)}${options.profile ? ', profiled' : ''}${options.relaxed ? ', relaxed durability' : ''}`;
  console.log(
    `  ${label}: ${result.seconds.toFixed(2)} s, ${delivery.posts} POSTs (page counted ${result.requests}), lost ${delivery.lost}, duplicated ${delivery.duplicated}, unexpected ${delivery.unexpected}, ` +
      `peak heap ${peakMb.toFixed(1)} MB (from ${baselineHeapMb.toFixed(1)}), states ${JSON.stringify(outbox.states)}`,
  );
  if (result.report.error) console.log(`    the pass stopped: ${result.report.error}`);
  const settled = (outbox.states.confirmed ?? 0) + (outbox.states.rejected ?? 0);
  if (settled !== DRAIN_SCANS) throw new Error(`${label}: only ${settled} of ${DRAIN_SCANS} scans were confirmed or rejected (${JSON.stringify(outbox.states)})`);
  return { batchSize, relaxed: options.relaxed, seconds: result.seconds, requests: delivery.posts, lost: delivery.lost, duplicated: delivery.duplicated, peakHeapMb: peakMb, baselineHeapMb, states: outbox.states, report: result.report, profile: result.profile };
}

/** A persistent profile, so IndexedDB is on disk as on a phone (an incognito context keeps it in memory). */
async function launchPersistent(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  assertChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'doorlist-sync-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function runSyncBench(server: DemoServer, harnessOrigin: string): Promise<SyncBenchResult> {
  const browser = await launchPersistent();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(DRAIN_TIMEOUT_MS);
    page.on('pageerror', (error) => console.error(`  [sync page error] ${error.message}`));
    await page.goto(`${harnessOrigin}/sync.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const cdp = await browser.context.newCDPSession(page);
    const browserVersion = browser.context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));

    const runs: DrainRun[] = [];
    const startedAt = performance.now();
    // Two plain runs per batch size in the order 50, 500, 500, 50, so drift over the run (heat, other load) favours neither.
    for (const batchSize of [...BATCH_SIZES, ...[...BATCH_SIZES].reverse()]) runs.push(await drainOnce(page, cdp, server, batchSize, { profile: false, relaxed: false }));

    const api = bench(page);
    const decideDb = 'bench-decide';
    await api.deleteDatabase(decideDb);
    const decide = await api.decideAndWrite({ dbName: decideDb, knownTickets: KNOWN_TICKETS, samples: DECIDE_SAMPLES, warmUp: DECIDE_WARM_UP });
    await api.deleteDatabase(decideDb);
    console.log(`  decide and write (${KNOWN_TICKETS} tickets known, filled in ${decide.fillSeconds.toFixed(1)} s): median ${median(decide.samples).toFixed(2)} ms, p95 ${percentile(decide.samples, 0.95).toFixed(2)} ms, ${decide.admitted}/${decide.samples.length} admitted`);
    if (decide.admitted !== decide.samples.length) throw new Error(`decide and write: only ${decide.admitted} of ${decide.samples.length} new tickets were admitted`);

    // Profiled runs say where the time goes: always one at the larger batch, the other within a time budget (a slow engine makes each run long).
    for (const [index, batchSize] of [...BATCH_SIZES].reverse().entries()) {
      if (index > 0 && (performance.now() - startedAt) / 1000 > PROFILE_BUDGET_S) console.log(`  (no profiled run at batch ${batchSize}: past the ${PROFILE_BUDGET_S} s budget)`);
      else runs.push(await drainOnce(page, cdp, server, batchSize, { profile: true, relaxed: false }));
    }
    // The same drain in the built app, with the scan screen or Activity open (their live queries run beside the sync).
    const appRuns: AppDrainRun[] = [];
    for (const screen of APP_SCREENS_ORDER) {
      const run = await appDrainOnce(server, screen, DRAIN_SCANS);
      console.log(`  app, ${screen} open: ${run.seconds.toFixed(2)} s, lost ${run.lost}, duplicated ${run.duplicated}`);
      appRuns.push(run);
    }
    // What-if, on request (BENCH_SYNC_WHATIF=1): relaxed IndexedDB durability (no flush per commit), to size the fsync cost.
    if (process.env.BENCH_SYNC_WHATIF) for (const batchSize of BATCH_SIZES) runs.push(await drainOnce(page, cdp, server, batchSize, { profile: false, relaxed: true }));

    const plain = (batchSize: number) => runs.filter((run) => run.batchSize === batchSize && !run.relaxed && run.profile === null);
    const best = (batchSize: number) => plain(batchSize).reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const seconds = (batchSize: number) => median(plain(batchSize).map((run) => run.seconds));
    const recommendedBatch = BATCH_SIZES.reduce((a, b) => (seconds(b) < seconds(a) ? b : a));
    const all = [...runs.filter((run) => !run.relaxed), ...appRuns];
    const figures: Figures = {
      drain_10k_s: { value: round(seconds(recommendedBatch), 2), unit: 's' },
      drain_10k_requests: count(best(recommendedBatch).requests),
      drain_10k_lost: count(all.reduce((sum, run) => sum + run.lost, 0)),
      drain_10k_duplicated: count(all.reduce((sum, run) => sum + run.duplicated, 0)),
      drain_10k_peak_heap_mb: { value: round(Math.max(...plain(recommendedBatch).map((run) => run.peakHeapMb)), 1), unit: 'MB' },
      drain_10k_batch_size: count(recommendedBatch),
      decide_and_write_p95_ms: ms(percentile(decide.samples, 0.95)),
      decide_and_write_median_ms: ms(median(decide.samples)),
    };
    for (const screen of ['scan', 'activity'] as const) {
      figures[`drain_10k_app_${screen}_s`] = { value: round(median(appRuns.filter((run) => run.screen === screen).map((run) => run.seconds)), 2), unit: 's' };
    }
    figures.drain_10k_app_lost = count(appRuns.reduce((sum, run) => sum + run.lost, 0));
    figures.drain_10k_app_duplicated = count(appRuns.reduce((sum, run) => sum + run.duplicated, 0));
    for (const batchSize of BATCH_SIZES) {
      figures[`drain_10k_s.batch${batchSize}`] = { value: round(seconds(batchSize), 2), unit: 's' };
      figures[`drain_10k_requests.batch${batchSize}`] = count(best(batchSize).requests);
      figures[`drain_10k_peak_heap_mb.batch${batchSize}`] = { value: round(Math.max(...plain(batchSize).map((run) => run.peakHeapMb)), 1), unit: 'MB' };
      const relaxed = runs.find((run) => run.batchSize === batchSize && run.relaxed);
      if (relaxed) figures[`drain_10k_s.batch${batchSize}_relaxed_durability`] = { value: round(relaxed.seconds, 2), unit: 's' };
    }
    return { figures, browserVersion, runs, appRuns, recommendedBatch, decide: { fillSeconds: decide.fillSeconds, admitted: decide.admitted, samples: decide.samples.length } };
  } finally {
    await browser.close();
  }
}
