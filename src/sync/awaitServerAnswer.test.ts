// Verify online first: the wait for one scan's server answer ends on the answer or at the deadline, and the answer's
// verdict is the one the sync pass stored on the row. Driven by the database writes the wait watches and by a timer
// moved by hand: no sleeps.
import { describe, expect, it, vi } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { ScanRow } from '../db/tables.ts';
import type { Verdict } from '../model/verdict.ts';
import { createEngineFixture, scriptedTonic, TEST_CONFIG } from '../testing/engineFixture.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { awaitServerAnswer, verdictFromServer, type AnswerTimer } from './awaitServerAnswer.ts';
import { runSyncPass } from './syncPass.ts';

const TIMEOUT_MS = 1_500;
/**
 * A fake timer for the wait alone, moved by hand. Vitest's global fake timers would also stop Dexie's and
 * fake-indexeddb's own scheduling, so the database would never answer.
 */
function fakeTimer(): AnswerTimer & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextHandle = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimer(callback, delayMs) {
      const handle = nextHandle++;
      due.set(handle, { at: now + delayMs, callback });
      return handle;
    },
    clearTimer(handle) {
      due.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [handle, entry] of [...due]) {
        if (entry.at <= now) {
          due.delete(handle);
          entry.callback();
        }
      }
    },
    pending: () => due.size,
  };
}

/**
 * Every read of a scan row, seen as it returns. The wait's live query reads the row when it starts and again after
 * each write to it, so a test can wait until the wait has seen a given state of the row instead of sleeping.
 */
function watchReads(db: DoorlistDatabase) {
  const seen: Array<{ id: string; row: ScanRow | undefined }> = [];
  const calls: string[] = [];
  const listeners = new Set<() => void>();
  const get = db.scans.get.bind(db.scans) as (id: string) => Promise<ScanRow | undefined>;
  vi.spyOn(db.scans, 'get').mockImplementation(((id: string) => {
    calls.push(id);
    const read = get(id);
    read.then(
      (row) => {
        seen.push({ id, row });
        for (const listener of listeners) listener();
      },
      () => {},
    );
    return read;
  }) as typeof db.scans.get);
  return {
    /** How many times the row `id` was read so far. */
    readsOf: (id: string) => calls.filter((called) => called === id).length,
    /** Resolves once a read of `id` returned a row for which `matches` holds. */
    until(id: string, matches: (row: ScanRow | undefined) => boolean): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (!seen.some((read) => read.id === id && matches(read.row))) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

const PENDING = Symbol('pending');
/** What a promise has settled to by now, or PENDING: a look at it, not a wait (a settled promise wins the race). */
const settledValue = <T,>(promise: Promise<T>): Promise<T | typeof PENDING> => Promise.race([promise, Promise.resolve(PENDING)]);

async function recordedScan(fixture: ReturnType<typeof createEngineFixture>, payload = '2148'): Promise<ScanRow> {
  const result = await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'manual' });
  if (!result.ok) throw new Error(result.message);
  return result.scan;
}

describe('awaitServerAnswer', () => {
  it('waits while the scan is queued, also after a failed send queued it again, and answers with the row the server settled', async () => {
    const fixture = createEngineFixture();
    const scan = await recordedScan(fixture);
    const reads = watchReads(fixture.db);
    const timer = fakeTimer();
    const waiting = awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, timer);
    await reads.until(scan.id, (row) => row?.state === 'queued');
    // A send that failed on the network: the row is queued again, one attempt spent. Still the device's own decision.
    await fixture.db.scans.update(scan.id, { attempts: 1, lastError: 'Network error' });
    await reads.until(scan.id, (row) => row?.attempts === 1);
    timer.advance(TIMEOUT_MS - 1);
    expect(await settledValue(waiting), 'still waiting: the scan is queued and the deadline not reached').toBe(PENDING);

    const refused: Verdict = { kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: 'South gate' };
    await fixture.db.scans.update(scan.id, { state: 'rejected', serverVerdict: refused });
    const answer = await waiting;
    expect(answer).toEqual({ kind: 'answered', row: { ...scan, attempts: 1, lastError: 'Network error', state: 'rejected', serverVerdict: refused } });
    expect(timer.pending(), 'the deadline timer was cleared').toBe(0);
  });

  it('answers "timeout" at the deadline, not a moment before, and then stops watching the row', async () => {
    const fixture = createEngineFixture();
    const scan = await recordedScan(fixture);
    const reads = watchReads(fixture.db);
    const timer = fakeTimer();
    const waiting = awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, timer);
    await reads.until(scan.id, (row) => row?.state === 'queued');
    timer.advance(TIMEOUT_MS - 1);
    expect(await settledValue(waiting)).toBe(PENDING);
    timer.advance(1);
    expect(await settledValue(waiting)).toEqual({ kind: 'timeout' });

    // Another wait, on another scan, sees a write to both rows; a wait still watching the first row would have read it
    // again on that same write (Dexie requeries every live query the write touches at once).
    const readsBefore = reads.readsOf(scan.id);
    const other = await recordedScan(fixture, '2149');
    const otherWaiting = awaitServerAnswer(fixture.db, other.id, TIMEOUT_MS, fakeTimer());
    await reads.until(other.id, (row) => row?.state === 'queued');
    await fixture.db.transaction('rw', fixture.db.scans, async () => {
      await fixture.db.scans.update(scan.id, { state: 'confirmed' });
      await fixture.db.scans.update(other.id, { state: 'confirmed' });
    });
    expect(await otherWaiting).toMatchObject({ kind: 'answered', row: { id: other.id, state: 'confirmed' } });
    expect(reads.readsOf(scan.id), 'the timed-out wait read its row again').toBe(readsBefore);
  });

  it('answers at once for a scan the server has already answered, and with "timeout" at once for one that is not there', async () => {
    const fixture = createEngineFixture();
    const scan = await recordedScan(fixture);
    const timer = fakeTimer();
    await fixture.db.scans.update(scan.id, { state: 'failed', lastError: 'HTTP 400' });
    // The timer never moves here: each answer comes from the row alone.
    expect(await awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, timer)).toEqual({ kind: 'answered', row: { ...scan, state: 'failed', lastError: 'HTTP 400' } });
    expect(await awaitServerAnswer(fixture.db, 'no-such-scan', TIMEOUT_MS, timer)).toEqual({ kind: 'timeout' });
    expect(timer.pending()).toBe(0);
  });

  it('rejects when the database cannot be read, rather than waiting out the clock', async () => {
    const fixture = createEngineFixture();
    const timer = fakeTimer();
    // An id IndexedDB cannot use as a key: the read fails as a broken database would.
    await expect(awaitServerAnswer(fixture.db, Number.NaN as unknown as string, TIMEOUT_MS, timer)).rejects.toMatchObject({ name: 'DataError' });
    expect(timer.pending()).toBe(0);
  });

  it('sees a real sync pass answer: another door had the ticket in, and the row carries that verdict', async () => {
    const fixture = createEngineFixture();
    const scan = await recordedScan(fixture, '2150');
    expect(scan.verdict.kind).toBe('admitted');
    const tonic = scriptedTonic((items) => ({
      ok: true,
      value: items.map(() => ({
        _id: 'c'.repeat(24),
        result: 'already_checked_in',
        ticket: { _id: 'c'.repeat(24), reference: 'DMN-9-1', guest_name: 'Ada Lovelace', checked_in: { date: '2026-11-24 18:55:10.000000' }, check_in_device_name: 'South gate' },
      })),
    }));
    const reads = watchReads(fixture.db);
    const waiting = awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, fakeTimer());
    await reads.until(scan.id, (row) => row?.state === 'queued');
    await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: true, log: () => {} });
    const answer = await waiting;
    if (answer.kind !== 'answered') throw new Error('expected an answer');
    const alreadyIn: Verdict = { kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: 'South gate' };
    expect(answer.row).toMatchObject({ state: 'rejected', verdict: { kind: 'admitted' }, serverVerdict: alreadyIn });
    expect(verdictFromServer(answer.row)).toEqual(alreadyIn);
  });
});

describe('verdictFromServer', () => {
  const base = (change: Partial<ScanRow>): ScanRow => scanRowFixture({ payload: 'x', ticketId: 'x', ...change });
  const said = (result: string) => ({ result, message: null, checkedInAt: null, checkedInDevice: null, receivedAt: '2026-11-24T19:00:01.000Z' });

  it('is the verdict stored on a confirmed or refused row', () => {
    expect(verdictFromServer(base({ state: 'confirmed', verdict: { kind: 'admitted', unchecked: 'noList' }, serverVerdict: { kind: 'admitted' } }))).toEqual({ kind: 'admitted' });
    expect(verdictFromServer(base({ state: 'confirmed', direction: 'out', verdict: { kind: 'checkedOut' }, serverVerdict: { kind: 'checkedOut' } }))).toEqual({ kind: 'checkedOut' });
    expect(verdictFromServer(base({ state: 'rejected', serverVerdict: { kind: 'cancelled' } }))).toEqual({ kind: 'cancelled' });
    expect(verdictFromServer(base({ state: 'rejected', serverVerdict: { kind: 'refusedByServer', message: 'Guest is banned' } }))).toEqual({ kind: 'refusedByServer', message: 'Guest is banned' });
  });

  it('never reads the server\'s strings: a row without a stored verdict has none', () => {
    expect(verdictFromServer(base({ state: 'rejected', serverResult: said('not_found') }))).toBeNull();
    expect(verdictFromServer(base({ state: 'confirmed', serverResult: said('success'), serverVerdict: null }))).toBeNull();
  });

  it('has none while the server has not answered this send: queued again, failed, or taken in bulk', () => {
    // "Send again" queues a refused scan with its old answer still on the row: that answer is not this send's.
    const old: Partial<ScanRow> = { serverResult: said('not_found'), serverVerdict: { kind: 'unknownTicket' } };
    expect(verdictFromServer(base({ ...old, state: 'queued' }))).toBeNull();
    expect(verdictFromServer(base({ ...old, state: 'failed', lastError: 'HTTP 400' }))).toBeNull();
    expect(verdictFromServer(base({ ...old, state: 'sentUnconfirmed' }))).toBeNull();
  });
});
