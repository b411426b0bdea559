// The history's retention: the one rule of what may be cleared (every state, old and new), and the clearing itself over
// an IndexedDB holding rows of every state, with a clock the test sets.
import { ulid as makeUlid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { ScanRow, ScanState } from '../db/tables.ts';
import { createEngineFixture, seededRandom } from '../testing/engineFixture.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { DAY_MS, firstIdAt, mayClear, pruneHistory, runHistoryRetention } from './historyRetention.ts';

const NOW = Date.parse('2026-12-03T20:00:00Z');
const DAYS = 14;
const CUTOFF = NOW - DAYS * DAY_MS;
const ALL_STATES: ScanState[] = ['queued', 'sending', 'confirmed', 'rejected', 'failed', 'local', 'sentUnconfirmed'];

const iso = (ms: number) => new Date(ms).toISOString();
const random = seededRandom(3);
/** Time-first ids at any time, in any order (a monotonic factory would not go back in time). */
const ulid = (ms: number) => makeUlid(ms, random);

/** A row scanned at `scannedMs`, settled (answered, handled) at the same time unless told otherwise. */
function row(state: ScanState, scannedMs: number, change: Partial<ScanRow> = {}): ScanRow {
  const answered = state === 'confirmed' || state === 'rejected';
  return scanRowFixture({
    id: ulid(scannedMs),
    state,
    scannedAt: iso(scannedMs),
    serverResult: answered ? { result: state === 'confirmed' ? 'success' : 'not_found', message: null, checkedInAt: null, checkedInDevice: null, receivedAt: iso(scannedMs + 1_000) } : null,
    ...change,
  });
}

const OLD = CUTOFF - 2 * DAY_MS;
const NEW = CUTOFF + DAY_MS;

describe('mayClear: what the history may lose', () => {
  // Every state, old and new, handled or not: only old confirmed, old handled refusals and old door refusals go.
  const cases: Array<{ state: ScanState; handled: boolean; old: boolean; clear: boolean }> = ALL_STATES.flatMap((state) =>
    [false, true].flatMap((handled) =>
      [false, true].map((old) => ({ state, handled, old, clear: old && (state === 'confirmed' || state === 'local' || (state === 'rejected' && handled)) })),
    ),
  );
  it.each(cases)('$state, handled $handled, older than the cut-off $old: cleared $clear', ({ state, handled, old, clear }) => {
    const at = old ? OLD : NEW;
    expect(mayClear(row(state, at, { handledAt: handled ? iso(at + 5_000) : null }), CUTOFF, false)).toBe(clear);
  });

  it('never clears a scan a live lease names, whatever its state says', () => {
    expect(mayClear(row('confirmed', OLD), CUTOFF, true)).toBe(false);
    expect(mayClear(row('local', OLD), CUTOFF, true)).toBe(false);
  });

  it('counts the age from the last thing that happened to the scan here, not from its scan time', () => {
    // Scanned long ago, but answered, handled or imported recently: kept for the days that follow that.
    expect(mayClear(row('confirmed', OLD, { serverResult: { result: 'success', message: null, checkedInAt: null, checkedInDevice: null, receivedAt: iso(NEW) } }), CUTOFF, false)).toBe(false);
    expect(mayClear(row('rejected', OLD, { handledAt: iso(NEW) }), CUTOFF, false)).toBe(false);
    expect(mayClear(row('confirmed', OLD, { importedAt: iso(NEW) }), CUTOFF, false)).toBe(false);
    // Exactly at the cut-off: kept (older than N days means strictly older).
    expect(mayClear(row('local', CUTOFF), CUTOFF, false)).toBe(false);
    expect(mayClear(row('local', CUTOFF - 1), CUTOFF, false)).toBe(true);
  });

  it('keeps a scan whose times cannot be read', () => {
    expect(mayClear(row('confirmed', OLD, { scannedAt: 'yesterday' }), CUTOFF, false)).toBe(false);
    expect(mayClear(row('rejected', OLD, { handledAt: 'not a time' }), CUTOFF, false)).toBe(false);
  });
});

/** A device holding one old and one new row of every state (rejected and failed both handled and not). */
async function deviceWithEveryState() {
  const f = createEngineFixture(iso(NOW));
  const rows = ALL_STATES.flatMap((state) =>
    [OLD, NEW].flatMap((at) => {
      const plain = row(state, at, { ticketId: `${state}-${at === OLD ? 'old' : 'new'}` });
      if (state !== 'rejected' && state !== 'failed') return [plain];
      return [plain, row(state, at + 1, { ticketId: `${state}-${at === OLD ? 'old' : 'new'}-handled`, handledAt: iso(at + 10_000) })];
    }),
  );
  await f.db.scans.bulkAdd(rows);
  const ticketsLeft = async () => (await f.db.scans.orderBy('id').toArray()).map((scan) => scan.ticketId).sort();
  return { ...f, rows, ticketsLeft };
}

describe('pruneHistory over the device database', () => {
  it('clears old settled scans only: every new one, and every old one still to send, failed, unconfirmed or needing attention, stays', async () => {
    const f = await deviceWithEveryState();
    const outcome = await pruneHistory(f.db, { nowMs: NOW, days: DAYS });
    expect(outcome).toMatchObject({ removed: 3, keptOlder: 6 }); // old: queued, sending, rejected, failed, failed-handled, sentUnconfirmed
    const left = await f.ticketsLeft();
    expect(left).not.toContain('confirmed-old');
    expect(left).not.toContain('local-old');
    expect(left).not.toContain('rejected-old-handled');
    expect(left).toEqual(
      [
        ...ALL_STATES.map((state) => `${state}-new`),
        'rejected-new-handled',
        'failed-new-handled',
        'queued-old',
        'sending-old',
        'rejected-old',
        'failed-old',
        'failed-old-handled',
        'sentUnconfirmed-old',
      ].sort(),
    );
    // Again: nothing more to clear, the same kept.
    expect(await pruneHistory(f.db, { nowMs: NOW, days: DAYS })).toMatchObject({ removed: 0, keptOlder: 6 });
  });

  it('walks in transactions of at most the batch size, and clears across all of them', async () => {
    const f = createEngineFixture(iso(NOW));
    // 23 old confirmed scans with a queued one every fifth: they must survive every batch they fall in.
    await f.db.scans.bulkAdd(Array.from({ length: 23 }, (_, index) => row(index % 5 === 0 ? 'queued' : 'confirmed', OLD + index * 60_000, { ticketId: `t${index}` })));
    await f.db.scans.bulkAdd([row('confirmed', NEW, { ticketId: 'new' })]);
    const batches: Array<{ judged: number; removed: number }> = [];
    const outcome = await pruneHistory(f.db, { nowMs: NOW, days: DAYS, batchRows: 5, onBatch: (batch) => batches.push(batch) });
    expect(batches.map((batch) => batch.judged)).toEqual([5, 5, 5, 5, 3]);
    expect(batches.every((batch) => batch.judged <= 5)).toBe(true);
    expect(outcome).toEqual({ removed: 18, keptOlder: 5, batches: 5 });
    expect((await f.db.scans.orderBy('id').toArray()).map((scan) => scan.ticketId)).toEqual(['t0', 't5', 't10', 't15', 't20', 'new']);
  });

  it('keeps a scan a live batch lease names; an expired lease protects nothing', async () => {
    const f = createEngineFixture(iso(NOW));
    const leased = row('confirmed', OLD, { ticketId: 'leased' });
    const expired = row('confirmed', OLD + 1, { ticketId: 'expired' });
    await f.db.scans.bulkAdd([leased, expired]);
    await f.db.leases.bulkAdd([
      { batchId: 'B1', scans: [{ id: leased.id, ticketId: leased.ticketId }], leaseUntil: NOW + 60_000 },
      { batchId: 'B2', scans: [{ id: expired.id, ticketId: expired.ticketId }], leaseUntil: NOW - 1 },
    ]);
    expect(await pruneHistory(f.db, { nowMs: NOW, days: DAYS })).toMatchObject({ removed: 1, keptOlder: 1 });
    expect((await f.db.scans.toArray()).map((scan) => scan.ticketId)).toEqual(['leased']);
  });

  it('follows the days chosen, and stops between transactions when told to', async () => {
    const f = createEngineFixture(iso(NOW));
    await f.db.scans.bulkAdd([row('confirmed', NOW - 3 * DAY_MS, { ticketId: 'three days' }), row('confirmed', NOW - DAY_MS - 60_000, { ticketId: 'a day and a minute' })]);
    expect((await pruneHistory(f.db, { nowMs: NOW, days: 4 })).removed).toBe(0);
    expect((await pruneHistory(f.db, { nowMs: NOW, days: 2, keepGoing: () => false })).removed).toBe(0);
    expect((await pruneHistory(f.db, { nowMs: NOW, days: 2 })).removed).toBe(1);
    expect((await pruneHistory(f.db, { nowMs: NOW, days: 1 })).removed).toBe(1);
    expect(await f.db.scans.count()).toBe(0);
  });

  it('finds the candidates from the id alone: the first id of a time sorts after every id made before it', () => {
    const before = ulid(CUTOFF - 1);
    const at = ulid(CUTOFF);
    expect(before < firstIdAt(CUTOFF)).toBe(true);
    expect(at >= firstIdAt(CUTOFF)).toBe(true);
  });
});

describe('runHistoryRetention: what Activity reads', () => {
  it('records what was cleared and what older scans are kept, adds up the total, and writes nothing when nothing changed', async () => {
    const f = await deviceWithEveryState();
    await runHistoryRetention(f.db, { nowMs: NOW, days: DAYS });
    expect((await f.db.syncStatus.get('sync'))?.historyPrune).toEqual({ at: iso(NOW), removed: 3, totalRemoved: 3, keptOlder: 6 });

    // An hour later nothing new is old enough: the record (and the row) stays as it was.
    let writes = 0;
    f.db.syncStatus.hook('updating', () => void (writes += 1));
    f.db.syncStatus.hook('creating', () => void (writes += 1));
    await runHistoryRetention(f.db, { nowMs: NOW + 3_600_000, days: DAYS });
    expect(writes).toBe(0);

    // Two days later the scans that were new then are old: cleared, and the total grows.
    await runHistoryRetention(f.db, { nowMs: NOW + 4 * DAY_MS, days: DAYS });
    expect((await f.db.syncStatus.get('sync'))?.historyPrune).toEqual({ at: iso(NOW + 4 * DAY_MS), removed: 3, totalRemoved: 6, keptOlder: 12 });
    // The rest of the status row is untouched.
    expect((await f.db.syncStatus.get('sync'))?.pause).toBeNull();
  });
});
