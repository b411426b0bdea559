// Verify online first: the wait for one scan's server answer ends on the answer or at the deadline, and reads the answer.
import { describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import type { ScanRow } from '../db/tables.ts';
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

async function recordedScan(fixture: ReturnType<typeof createEngineFixture>, payload = '2148'): Promise<ScanRow> {
  const result = await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'manual' });
  if (!result.ok) throw new Error(result.message);
  return result.scan;
}

/** Lets Dexie's liveQuery see the latest write and answer (it reads again after each write, asynchronously). */
const settleDatabase = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('awaitServerAnswer', () => {
  it('waits while the scan is queued and sending, and resolves with the row the moment the server confirms it', async () => {
    const fixture = createEngineFixture();
    const scan = await recordedScan(fixture);
    const timer = fakeTimer();
    let answer: unknown = null;
    const waiting = awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, timer).then((result) => (answer = result));
    await settleDatabase();
    await fixture.db.scans.update(scan.id, { state: 'sending' });
    await settleDatabase();
    timer.advance(TIMEOUT_MS - 1);
    expect(answer).toBeNull();
    await fixture.db.scans.update(scan.id, { state: 'confirmed' });
    await waiting;
    expect(answer).toMatchObject({ kind: 'answered', row: { id: scan.id, state: 'confirmed' } });
    expect(timer.pending(), 'the deadline timer was cleared').toBe(0);
  });

  it('resolves with timeout at the deadline when the server has not answered, and ignores a later answer', async () => {
    const fixture = createEngineFixture();
    const scan = await recordedScan(fixture);
    const timer = fakeTimer();
    let answer: unknown = null;
    const waiting = awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, timer).then((result) => (answer = result));
    await settleDatabase();
    timer.advance(TIMEOUT_MS - 1);
    await settleDatabase();
    expect(answer).toBeNull();
    timer.advance(1);
    await waiting;
    expect(answer).toEqual({ kind: 'timeout' });
    await fixture.db.scans.update(scan.id, { state: 'confirmed' });
    await settleDatabase();
    expect(answer).toEqual({ kind: 'timeout' });
  });

  it('answers at once for a scan the server has already answered, and for one that is not there', async () => {
    const fixture = createEngineFixture();
    const scan = await recordedScan(fixture);
    const timer = fakeTimer();
    await fixture.db.scans.update(scan.id, { state: 'failed', lastError: 'HTTP 400' });
    await expect(awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, timer)).resolves.toMatchObject({ kind: 'answered', row: { state: 'failed' } });
    await expect(awaitServerAnswer(fixture.db, 'no-such-scan', TIMEOUT_MS, timer)).resolves.toEqual({ kind: 'timeout' });
    expect(timer.pending()).toBe(0);
  });

  it('rejects when the database cannot be read, rather than waiting out the clock', async () => {
    const fixture = createEngineFixture();
    const timer = fakeTimer();
    // An id IndexedDB cannot use as a key: the read fails as a broken database would.
    await expect(awaitServerAnswer(fixture.db, Number.NaN as unknown as string, TIMEOUT_MS, timer)).rejects.toMatchObject({ name: 'DataError' });
    expect(timer.pending()).toBe(0);
  });

  it('sees a real sync pass answer: another door had the ticket in, so the server verdict is "already in" there', async () => {
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
    const waiting = awaitServerAnswer(fixture.db, scan.id, TIMEOUT_MS, fakeTimer());
    await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: true, log: () => {} });
    const answer = await waiting;
    if (answer.kind !== 'answered') throw new Error('expected an answer');
    expect(answer.row.state).toBe('rejected');
    expect(verdictFromServer(answer.row)).toEqual({ kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: 'South gate' });
  });
});

describe('verdictFromServer', () => {
  const base = (change: Partial<ScanRow>): ScanRow => scanRowFixture({ payload: 'x', ticketId: 'x', ...change });
  const said = (result: string, checkedInAt: string | null = null, checkedInDevice: string | null = null) => ({ result, message: null, checkedInAt, checkedInDevice, receivedAt: '2026-11-24T19:00:01.000Z' });

  it('keeps the local verdict when confirmed, and turns refusals into what the server said', () => {
    expect(verdictFromServer(base({ state: 'confirmed', serverResult: said('success') }))).toEqual({ kind: 'admitted' });
    // Admitted in amber (no guest list), then confirmed: the ticket office checked it, so it reads as a plain admission.
    expect(verdictFromServer(base({ state: 'confirmed', serverResult: said('success'), verdict: { kind: 'admitted', unchecked: 'staleList', listAgeMinutes: 300, checkId: 'Over 18' } }))).toEqual({ kind: 'admitted', checkId: 'Over 18' });
    expect(verdictFromServer(base({ state: 'confirmed', direction: 'out', verdict: { kind: 'checkedOut' } }))).toEqual({ kind: 'checkedOut' });
    expect(verdictFromServer(base({ state: 'rejected', serverResult: said('not_found') }))).toEqual({ kind: 'unknownTicket' });
    expect(verdictFromServer(base({ state: 'rejected', serverResult: said('cancelled') }))).toEqual({ kind: 'cancelled' });
    expect(verdictFromServer(base({ state: 'rejected', serverResult: said('already_checked_in', '2026-11-24 18:30:00', null) }))).toEqual({ kind: 'alreadyIn', at: '2026-11-24 18:30:00', door: null });
  });

  it('has no verdict for words it does not know, for a failed send, for bulk, or while still waiting', () => {
    expect(verdictFromServer(base({ state: 'rejected', serverResult: said('banned') }))).toBeNull();
    expect(verdictFromServer(base({ state: 'failed', lastError: 'HTTP 400' }))).toBeNull();
    expect(verdictFromServer(base({ state: 'sentUnconfirmed' }))).toBeNull();
    expect(verdictFromServer(base({ state: 'queued' }))).toBeNull();
    expect(verdictFromServer(base({ state: 'rejected', direction: 'out', verdict: { kind: 'checkedOut' }, serverResult: said('not_checked_in', '2026-11-24 18:30:00') }))).toBeNull();
  });
});
