// The history's retention (issue 14): clearing 100,000 old scans in headless Chromium (IndexedDB on disk, strict
// durability as the app opens it), with a scan written every 20 ms meanwhile. Figures: the whole clearing's time, each
// transaction's, and how long a scan's write waited while it ran, against the same writes with nothing else going on.
// Alone: `npx tsx bench/retention.ts` (writes bench/results/retention.{json,md}).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build, type Plugin } from 'vite';
import type { DoorlistDatabase as DoorlistDatabaseClass } from '../src/db/database.ts';
import { PRUNE_BATCH_ROWS, type pruneHistory as PruneHistory } from '../src/outbox/historyRetention.ts';
import { CHROMIUM_ARGS } from '../e2e/support/chromium.ts';
import { assertChromium, CHROMIUM_PATH } from './browser.ts';
import { count, machineDescription, median, ms, percentile, type BenchResultFile, type Figures } from './figures.ts';
import { serveStatic } from './staticServer.ts';

const OLD_SCANS = 100_000;
const OLD_KEPT = 500; // old scans still queued: walked past, never cleared
const NEW_SCANS = 1_000;
const SCAN_EVERY_MS = 20;
const DAY_MS = 24 * 60 * 60_000;

const PAGE_DIST = fileURLToPath(new URL('./.dist/retention', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));
const ENTRY = 'virtual:doorlist-retention-bench';

interface RetentionBenchPage {
  DoorlistDatabase: typeof DoorlistDatabaseClass;
  pruneHistory: typeof PruneHistory;
  ulid: (seedTime?: number) => string;
}
declare global {
  interface Window {
    doorlistRetentionBench?: RetentionBenchPage;
  }
}

function entryPlugin(): Plugin {
  return {
    name: 'doorlist-retention-bench-entry',
    resolveId: (id) => (id === ENTRY ? `\0${ENTRY}` : null),
    load: (id) =>
      id === `\0${ENTRY}`
        ? [
            "import { ulid } from 'ulid';",
            `import { DoorlistDatabase } from ${JSON.stringify(src('db/database.ts'))};`,
            `import { pruneHistory } from ${JSON.stringify(src('outbox/historyRetention.ts'))};`,
            'window.doorlistRetentionBench = { DoorlistDatabase, pruneHistory, ulid };',
            "document.body.dataset.ready = 'true';",
          ].join('\n')
        : null,
  };
}

async function buildPage(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [entryPlugin()],
    build: { outDir: PAGE_DIST, emptyOutDir: true, target: 'es2022', rolldownOptions: { input: { retention: ENTRY }, output: { entryFileNames: '[name].js' } } },
  });
  writeFileSync(join(PAGE_DIST, 'index.html'), '<!doctype html><meta charset="utf-8"><title>retention bench</title><body><script type="module" src="./retention.js"></script></body>\n');
}

interface PageResult {
  fillSeconds: number;
  totalMs: number;
  batchMs: number[];
  removed: number;
  keptOlder: number;
  scanWaitMs: number[];
  idleScanWaitMs: number[];
  left: number;
}

async function runInPage(page: import('@playwright/test').Page): Promise<PageResult> {
  return page.evaluate(
    async ({ oldScans, oldKept, newScans, scanEvery, dayMs }) => {
      const bench = window.doorlistRetentionBench!;
      const db = new bench.DoorlistDatabase('bench-retention');
      await db.open();
      const nowMs = Date.now();
      const iso = (at: number) => new Date(at).toISOString();
      const scanRow = (at: number, index: number, state: 'confirmed' | 'queued') => ({
        id: bench.ulid(at),
        payload: `627e0956712090${String(index).padStart(10, '0')}.627cb97471209027347177dc.1`,
        ticketId: `627e0956712090${String(index).padStart(10, '0')}.627cb97471209027347177dc.1`,
        direction: 'in' as const,
        scannedAt: iso(at),
        venueTime: iso(at).slice(0, 19).replace('T', ' '),
        deviceName: 'North gate 1',
        source: 'doorlist',
        input: 'camera' as const,
        verdict: { kind: 'admitted' as const },
        state,
        attempts: state === 'confirmed' ? 1 : 0,
        nextAttemptAt: at,
        serverResult: state === 'confirmed' ? { result: 'success', message: null, checkedInAt: null, checkedInDevice: null, receivedAt: iso(at + 800) } : null,
        serverVerdict: null,
        lastError: null,
      });
      const fillStarted = performance.now();
      // Thirty days ago to sixteen days ago: a busy door's month before the retention came in.
      const from = nowMs - 30 * dayMs;
      const step = (14 * dayMs) / (oldScans + oldKept);
      const old = Array.from({ length: oldScans + oldKept }, (_, index) => scanRow(Math.floor(from + index * step), index, index % ((oldScans + oldKept) / oldKept) === 0 ? 'queued' : 'confirmed'));
      for (let start = 0; start < old.length; start += 5_000) await db.scans.bulkAdd(old.slice(start, start + 5_000));
      await db.scans.bulkAdd(Array.from({ length: newScans }, (_, index) => scanRow(nowMs - dayMs + index * 1_000, oldScans + oldKept + index, 'confirmed')));
      const fillSeconds = (performance.now() - fillStarted) / 1000;

      // A scan's write as recordScan makes it: one rw transaction on the scans table adding one row.
      let written = 0;
      const writeScan = async () => {
        const startedAt = performance.now();
        await db.transaction('rw', db.scans, () => db.scans.add(scanRow(Date.now(), 900_000 + written++, 'queued')));
        return performance.now() - startedAt;
      };
      const scanWhile = (done: () => boolean) => {
        const waits: number[] = [];
        const loop = (async () => {
          while (!done()) {
            waits.push(await writeScan());
            await new Promise((resolve) => setTimeout(resolve, scanEvery));
          }
        })();
        return { waits, loop };
      };

      // The floor: the same scans with nothing else going on, 3 seconds of them.
      const idleUntil = performance.now() + 3_000;
      const idle = scanWhile(() => performance.now() > idleUntil);
      await idle.loop;

      let finished = false;
      const busy = scanWhile(() => finished);
      const batchMs: number[] = [];
      let last = performance.now();
      const startedAt = last;
      const outcome = await bench.pruneHistory(db, {
        nowMs,
        days: 14,
        onBatch: () => {
          const at = performance.now();
          batchMs.push(at - last);
          last = at;
        },
      });
      const totalMs = performance.now() - startedAt;
      finished = true;
      await busy.loop;
      const left = await db.scans.count();
      db.close();
      return { fillSeconds, totalMs, batchMs, removed: outcome.removed, keptOlder: outcome.keptOlder, scanWaitMs: busy.waits, idleScanWaitMs: idle.waits, left };
    },
    { oldScans: OLD_SCANS, oldKept: OLD_KEPT, newScans: NEW_SCANS, scanEvery: SCAN_EVERY_MS, dayMs: DAY_MS },
  );
}

async function main(): Promise<void> {
  assertChromium();
  await buildPage();
  const server = await serveStatic(PAGE_DIST);
  const userDataDir = mkdtempSync(join(tmpdir(), 'doorlist-retention-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(600_000);
    page.on('pageerror', (error) => console.error(`  [retention page error] ${error.message}`));
    await page.addInitScript('globalThis.__name = (target) => target;');
    await page.goto(`${server.origin}/index.html`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30_000 });
    const browserVersion = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
    const result = await runInPage(page);
    if (result.removed !== OLD_SCANS || result.keptOlder !== OLD_KEPT || result.left !== OLD_KEPT + NEW_SCANS + result.scanWaitMs.length + result.idleScanWaitMs.length) {
      throw new Error(`cleared ${result.removed} (expected ${OLD_SCANS}), kept ${result.keptOlder} older (expected ${OLD_KEPT}), ${result.left} left`);
    }
    const figures: Figures = {
      retention_100k_total_ms: ms(result.totalMs),
      retention_100k_transactions: count(result.batchMs.length),
      retention_transaction_median_ms: ms(median(result.batchMs)),
      retention_transaction_p95_ms: ms(percentile(result.batchMs, 0.95)),
      retention_transaction_max_ms: ms(Math.max(...result.batchMs)),
      retention_scan_write_during_median_ms: ms(median(result.scanWaitMs)),
      retention_scan_write_during_p95_ms: ms(percentile(result.scanWaitMs, 0.95)),
      retention_scan_write_during_max_ms: ms(Math.max(...result.scanWaitMs)),
      retention_scan_write_idle_median_ms: ms(median(result.idleScanWaitMs)),
      retention_scan_write_idle_p95_ms: ms(percentile(result.idleScanWaitMs, 0.95)),
      retention_scan_write_idle_max_ms: ms(Math.max(...result.idleScanWaitMs)),
    };
    const file: BenchResultFile = { name: 'retention', machine: machineDescription(), date: new Date().toISOString(), figures };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'retention.json'), `${JSON.stringify(file, null, 2)}\n`);
    const f = (name: string) => figures[name]!.value;
    writeFileSync(
      join(RESULTS_DIR, 'retention.md'),
      [
        '# Clearing old scan history: 100,000 old scans',
        '',
        `${file.machine}; Chromium ${browserVersion}; ${file.date}. IndexedDB on disk, strict durability (as the app). ${OLD_SCANS.toLocaleString('en')} confirmed scans 16 to 30 days old, ${OLD_KEPT} old queued ones among them, ${NEW_SCANS.toLocaleString('en')} from the last day; 14 days kept; ${result.batchMs.length} transactions of up to ${PRUNE_BATCH_ROWS} rows. Filling took ${result.fillSeconds.toFixed(1)} s.`,
        '',
        `- Whole clearing: ${(f('retention_100k_total_ms') / 1000).toFixed(1)} s; ${OLD_SCANS.toLocaleString('en')} cleared, ${OLD_KEPT} old queued kept.`,
        `- One transaction (read ${PRUNE_BATCH_ROWS}, delete those that may go): median ${f('retention_transaction_median_ms')} ms, p95 ${f('retention_transaction_p95_ms')} ms, longest ${f('retention_transaction_max_ms')} ms (transaction ${result.batchMs.indexOf(Math.max(...result.batchMs)) + 1} of ${result.batchMs.length}; over 50 ms: ${result.batchMs.filter((value) => value > 50).length}).`,
        `- A scan's write every ${SCAN_EVERY_MS} ms meanwhile (${result.scanWaitMs.length} of them): median ${f('retention_scan_write_during_median_ms')} ms, p95 ${f('retention_scan_write_during_p95_ms')} ms, longest ${f('retention_scan_write_during_max_ms')} ms (over 50 ms: ${result.scanWaitMs.filter((value) => value > 50).length}).`,
        `- The same writes with nothing else going on (${result.idleScanWaitMs.length}): median ${f('retention_scan_write_idle_median_ms')} ms, p95 ${f('retention_scan_write_idle_p95_ms')} ms, longest ${f('retention_scan_write_idle_max_ms')} ms.`,
        '',
        'The candidates are read from the primary key (scan ids are ULIDs, time first: every id below the cut-off time prefix), no other index.',
        `Load average at the end: ${loadavg().map((value) => value.toFixed(2)).join(', ')} (the machine is shared: a spike of the idle writes shows its noise).`,
        '',
      ].join('\n'),
    );
    console.log(JSON.stringify(figures, null, 1));
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    await server.close();
  }
}

await main();
