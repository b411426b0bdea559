// Writes the sync benchmark's results: bench/results/sync.json (DESIGN.md format) and sync.md (figures, and where the drain's time goes).
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchResultFile, Figures } from './figures.ts';
import { median } from './figures.ts';
import { DRAIN_SCANS, DRAIN_TARGET_S as TARGET_S, type DrainRun, type SyncBenchResult } from './syncBench.ts';

const text = (figures: Figures, name: string, digits = 2) => (figures[name] === undefined ? '–' : `${figures[name].value.toFixed(digits)} ${figures[name].unit}`);

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, index) => (index === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** Where one profiled drain's wall time went: each phase's total, per occurrence, and share; what is left is JS between phases. */
function profileLines(run: DrainRun): string[] {
  const profile = run.profile!;
  const totalMs = run.seconds * 1000;
  const rows = Object.entries(profile.phases)
    .filter(([phase]) => phase !== 'http fetch (to headers)') // inside checkIn; shown as its own row below
    .map(([phase, times]) => {
      const sum = times.reduce((a, b) => a + b, 0);
      return [phase, String(times.length), `${(sum / 1000).toFixed(2)} s`, `${median(times).toFixed(1)} ms`, `${Math.round((sum / totalMs) * 100)}%`];
    });
  const accounted = Object.entries(profile.phases)
    .filter(([phase]) => phase !== 'http fetch (to headers)')
    .reduce((sum, [, times]) => sum + times.reduce((a, b) => a + b, 0), 0);
  const fetchTimes = profile.phases['http fetch (to headers)'] ?? [];
  rows.push(['(of which fetch to headers)', String(fetchTimes.length), `${(fetchTimes.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s`, `${median(fetchTimes).toFixed(1)} ms`, '']);
  rows.push(['between phases (JS, scheduling)', '', `${((totalMs - accounted) / 1000).toFixed(2)} s`, '', `${Math.round(((totalMs - accounted) / totalMs) * 100)}%`]);
  const ops = Object.entries(profile.reconcileOps).map(([op, { calls, totalMs: opMs }]) => [op, String(calls), `${(opMs / 1000).toFixed(2)} s`, opMs / calls >= 1 ? `${(opMs / calls).toFixed(1)} ms` : `${((opMs / calls) * 1000).toFixed(0)} µs`]);
  return [
    `### Batch ${run.batchSize}: ${run.seconds.toFixed(2)} s with the profiler on`,
    '',
    ...table(['Phase (top-level transaction or request)', 'times', 'total', 'median each', 'share'], rows),
    '',
    `Calls made inside the reconcile transactions (${DRAIN_SCANS} rows):`,
    '',
    ...table(['Call', 'calls', 'total (awaited, sequential)', 'mean each'], ops),
    '',
  ];
}

export function renderSyncMarkdown(result: BenchResultFile, bench: SyncBenchResult): string {
  const { figures } = result;
  const drain = figures.drain_10k_s?.value;
  const verdict = drain === undefined ? '' : drain < TARGET_S ? `under the ${TARGET_S} s target` : `**over the ${TARGET_S} s target** (×${(drain / TARGET_S).toFixed(1)})`;
  const lines = [
    '# Sync benchmarks',
    '',
    `${result.machine}; Chromium ${bench.browserVersion} headless, persistent profile (IndexedDB on disk, the app's strict durability); ${result.date}. Written by \`npm run bench\` (bench/syncBench.ts); the figures are in sync.json.`,
    '',
    `Drain: ${DRAIN_SCANS.toLocaleString('en')} queued scans written straight into IndexedDB (as an import from other devices: the ~300 demo tickets in rounds, one round per device, each (ticket, device, time) distinct), then one \`runSyncPass\` of the real engine over HTTP to the demo backend. The first round is admitted by the emulator, later rounds come back "already checked in" elsewhere (rejected): every row is reconciled the same way. Two plain runs per batch size (the figure is their median), then one profiled run per batch size (batch 50 only within the time budget); with BENCH_SYNC_WHATIF=1, one run each with relaxed durability.`,
    '',
    `In the app: the built app on a fresh device (persistent profile) imports the same ${DRAIN_SCANS.toLocaleString('en')} scans on Activity while offline, shows the scan screen or Activity, goes online, and is timed until the screen's waiting count reads 0 (two runs per screen, the median). Every screen's live queries run beside the sync, as on a phone; the emulator's log is checked the same way.`,
    '',
    ...table(
      ['Figure', 'Value'],
      [
        [`drain ${DRAIN_SCANS.toLocaleString('en')} scans (batch ${bench.recommendedBatch}, the faster)`, `${text(figures, 'drain_10k_s')} ${verdict}`],
        ...[50, 500].map((batch) => [`  at batch ${batch}`, `${text(figures, `drain_10k_s.batch${batch}`)}, ${figures[`drain_10k_requests.batch${batch}`]?.value ?? '–'} requests, peak heap ${text(figures, `drain_10k_peak_heap_mb.batch${batch}`, 1)}`]),
        ...[50, 500].filter((batch) => figures[`drain_10k_s.batch${batch}_relaxed_durability`]).map((batch) => [`  at batch ${batch}, relaxed durability (what-if)`, text(figures, `drain_10k_s.batch${batch}_relaxed_durability`)]),
        [`in the app (bench/appDrainBench.ts), the scan screen open`, text(figures, 'drain_10k_app_scan_s')],
        [`in the app, Activity open`, text(figures, 'drain_10k_app_activity_s')],
        ['lost / duplicated (all runs)', `${figures.drain_10k_lost?.value ?? '–'} / ${figures.drain_10k_duplicated?.value ?? '–'}`],
        ['peak JS heap during the drain', text(figures, 'drain_10k_peak_heap_mb', 1)],
        ['decide and write one scan, 100,000 tickets known: median / p95', `${text(figures, 'decide_and_write_median_ms')} / ${text(figures, 'decide_and_write_p95_ms')} (${bench.decide.samples} scans)`],
      ],
    ),
    '',
    '## Every drain run',
    '',
    ...table(
      ['Batch', 'mode', 'seconds', 'requests', 'lost', 'duplicated', 'peak heap (MB)', 'confirmed / rejected'],
      bench.runs.map((run) => [
        String(run.batchSize),
        run.profile ? 'profiled' : run.relaxed ? 'relaxed durability' : 'plain',
        run.seconds.toFixed(2),
        String(run.requests),
        String(run.lost),
        String(run.duplicated),
        run.peakHeapMb.toFixed(1),
        `${run.states.confirmed ?? 0} / ${run.states.rejected ?? 0}`,
      ]),
    ),
    '',
    '## Where the drain time goes',
    '',
    'Timed from outside the engine (bench/harness/syncProfiler.ts wraps the database, fetch and the Tonic client). A transaction is timed from its call until it has committed.',
    '',
    ...bench.runs.filter((run) => run.profile).flatMap(profileLines),
  ];
  return lines.join('\n');
}

/** Writes sync.json and sync.md into `folder`; returns what it wrote. */
export function writeSyncResults(folder: string, bench: SyncBenchResult, machine: string): { folder: string; markdown: string } {
  const result: BenchResultFile = { name: 'sync', machine, date: new Date().toISOString(), figures: bench.figures };
  const markdown = renderSyncMarkdown(result, bench);
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}/sync.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${folder}/sync.md`, markdown);
  return { folder, markdown };
}
