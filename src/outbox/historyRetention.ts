// How long the scan history stays on the device (issue 14): settled scans older than N days (a preference, default 14)
// are cleared in the background, in small transactions; nothing still to send, unconfirmed or needing attention is.
//
// The `scans` table is the outbox and the history in one, so it only grew: a busy door adds tens of thousands of rows a
// day, and every screen's live queries run over it. The candidates are found by the primary key alone: scan ids are
// ULIDs, time first, so "scanned before the cut-off" is every id below the cut-off's time prefix (no new index, no
// schema version). Each candidate is then judged by `mayClear`, the one rule, inside the transaction that deletes it.
import { encodeTime } from 'ulid';
import { emptySyncStatus, type DoorlistDatabase } from '../db/database.ts';
import type { HistoryPruneRecord, ScanRow } from '../db/tables.ts';
import { historyDaysOf, preferencesOf } from '../settings/preferences.ts';

/** Rows judged (and at most deleted) per transaction: a scan waits for at most one of these. 500 took a median 58 ms in Chromium, 200 about 26 ms (bench/results/retention.md). */
export const PRUNE_BATCH_ROWS = 200;
export const DAY_MS = 24 * 60 * 60_000;

const ULID_RANDOM_LENGTH = 16;

/** The latest time we know something happened to the scan on this device: scanned, answered, handled, imported. NaN if one is unreadable. */
function lastTouchedMs(row: ScanRow): number {
  const times = [row.scannedAt, row.serverResult?.receivedAt, row.handledAt, row.importedAt].filter((time): time is string => typeof time === 'string');
  return Math.max(...times.map((time) => Date.parse(time)));
}

/**
 * May this scan be cleared from the device's history? True only when nobody can need it any more, AND the last thing
 * that happened to it (scanned, answered, marked handled, imported here) is older than `cutoffMs`:
 * - `confirmed`: the server has it;
 * - `rejected` with `handledAt`: the server refused it and staff dealt with it;
 * - `local`: refused at the door and never meant to be sent (history only).
 * Never: `queued` (still to send, or in a batch lease), `sending` (an older version's batch in flight), `failed` (never
 * reached the server, handled or not: this device is the only one that can send it again), `rejected` and not handled
 * (Needs attention), `sentUnconfirmed` (taken in bulk, never confirmed per ticket: staff may still have to check it),
 * and anything named by a live lease (`inLiveLease`), whatever its state says.
 * An export is not a reason on its own: a file on someone's laptop is not the server, and every row the states above
 * let go is cleared anyway; so the export stays a read (no `exportedAt` rewritten on 100,000 rows, no schema change).
 * A time that cannot be read keeps the row.
 */
export function mayClear(row: ScanRow, cutoffMs: number, inLiveLease: boolean): boolean {
  return isSettled(row, inLiveLease) && lastTouchedMs(row) < cutoffMs;
}

/** Nobody can need this scan any more, whatever its age (see `mayClear`). */
export const isSettled = (row: ScanRow, inLiveLease: boolean): boolean =>
  !inLiveLease && (row.state === 'confirmed' || row.state === 'local' || (row.state === 'rejected' && Boolean(row.handledAt)));

/** The lowest scan id of `ms`: every id below it was made before `ms`. */
export const firstIdAt = (ms: number): string => encodeTime(Math.max(0, ms), 10) + '0'.repeat(ULID_RANDOM_LENGTH);

export interface PruneOutcome {
  /** Scans cleared. */
  removed: number;
  /** Scans made before the cut-off kept because they are not settled: to send, failed, unconfirmed, needing attention. */
  keptOlder: number;
  /** Transactions run. */
  batches: number;
}

export interface PruneOptions {
  nowMs: number;
  days: number;
  batchRows?: number;
  /** Called after each transaction with what it did: the benchmark times them. */
  onBatch?: (batch: { judged: number; removed: number }) => void;
  /** Checked between transactions: false stops the walk (the engine stopped). */
  keepGoing?: () => boolean;
}

/**
 * Clears what `mayClear` lets go among scans made more than `days` days before `nowMs`, oldest first, `batchRows` rows a
 * transaction; every other transaction (a scan being recorded) runs between two of them. Rows are read and deleted in
 * the same transaction, so a row that changes meanwhile (sent again, a lease taken) is judged as it is then.
 */
export async function pruneHistory(db: DoorlistDatabase, options: PruneOptions): Promise<PruneOutcome> {
  const { nowMs, days, batchRows = PRUNE_BATCH_ROWS, onBatch, keepGoing = () => true } = options;
  const cutoffMs = nowMs - days * DAY_MS;
  const below = firstIdAt(cutoffMs);
  const outcome: PruneOutcome = { removed: 0, keptOlder: 0, batches: 0 };
  let after = '';
  for (;;) {
    if (!keepGoing()) return outcome;
    const from = after;
    const batch = await db.transaction('rw', db.scans, db.leases, async () => {
      const rows = await db.scans.where('id').between(from, below, false, false).limit(batchRows).toArray();
      const leased = new Set((await db.leases.toArray()).flatMap((lease) => (lease.leaseUntil > nowMs ? lease.scans.map((scan) => scan.id) : [])));
      const clear = rows.filter((row) => mayClear(row, cutoffMs, leased.has(row.id))).map((row) => row.id);
      await db.scans.bulkDelete(clear);
      const unsettled = rows.filter((row) => !isSettled(row, leased.has(row.id))).length;
      return { judged: rows.length, removed: clear.length, unsettled, lastId: rows.at(-1)?.id ?? null };
    });
    outcome.batches += 1;
    outcome.removed += batch.removed;
    outcome.keptOlder += batch.unsettled;
    onBatch?.({ judged: batch.judged, removed: batch.removed });
    if (batch.lastId === null || batch.judged < batchRows) return outcome;
    after = batch.lastId;
  }
}

/**
 * One background run: clears what may go, then records it, only when something changed (an hourly run that cleared
 * nothing and kept the same rows writes nothing, so no screen re-reads for it).
 */
export async function runHistoryRetention(db: DoorlistDatabase, options: PruneOptions): Promise<PruneOutcome> {
  const outcome = await pruneHistory(db, options);
  if (!(options.keepGoing?.() ?? true)) return outcome; // stopped part-way: the next run counts again
  await db.transaction('rw', db.syncStatus, async () => {
    const status = await db.syncStatus.get('sync');
    const last = status?.historyPrune ?? null;
    if (outcome.removed === 0 && outcome.keptOlder === (last?.keptOlder ?? 0)) return;
    const record: HistoryPruneRecord = {
      at: outcome.removed > 0 ? new Date(options.nowMs).toISOString() : (last?.at ?? null),
      removed: outcome.removed > 0 ? outcome.removed : (last?.removed ?? 0),
      totalRemoved: (last?.totalRemoved ?? 0) + outcome.removed,
      keptOlder: outcome.keptOlder,
    };
    await db.syncStatus.put({ ...(status ?? emptySyncStatus()), historyPrune: record, id: 'sync' });
  });
  return outcome;
}

/** How often the background clearing runs while the app is open (and once at start). */
export const PRUNE_EVERY_MS = 60 * 60_000;

export interface HistoryRetentionDeps {
  db: DoorlistDatabase;
  now: () => number;
  setTimer: (callback: () => void, delayMs: number) => unknown;
  clearTimer: (handle: unknown) => void;
  log: (message: string, context?: unknown) => void;
}

/**
 * The clearing in the background: once now, then every PRUNE_EVERY_MS after each run ends, with the days the device's
 * preference says at that moment. Outside the sync lock (it never touches a row a pass may take); `runSoon` runs it
 * again now (the days changed), or after the run under way. Returns the control; `stop` ends it between transactions.
 */
export function startHistoryRetention(deps: HistoryRetentionDeps): { runSoon(): void; stop(): void } {
  let timer: unknown = null;
  let running = false;
  let again = false;
  let stopped = false;
  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
    try {
      do {
        again = false;
        const days = historyDaysOf(preferencesOf(await deps.db.settings.get('device')));
        await runHistoryRetention(deps.db, { nowMs: deps.now(), days, keepGoing: () => !stopped });
      } while (again && !stopped);
    } catch (error) {
      if (!stopped) deps.log('history: could not clear old scans', error);
    } finally {
      running = false;
    }
    if (!stopped) timer = deps.setTimer(() => void run(), PRUNE_EVERY_MS);
  };
  void run();
  return {
    runSoon: () => void run(),
    stop() {
      stopped = true;
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
    },
  };
}
