// The outbox's batch leases: a claim is one lease row, the lease owns its scans until they settle, a dead sender's
// lease is released, two senders never take the same scan, and staff see the scans in flight as sending.
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../api/apiError.ts';
import type { TonicClient } from '../api/tonicClient.ts';
import type { TonicCheckInEntry } from '../api/tonicSchemas.ts';
import { recordScan } from '../door/recordScan.ts';
import type { ScanRow } from '../db/tables.ts';
import { createEngineFixture, failWith, scriptedTonic, successFor, TEST_CONFIG } from '../testing/engineFixture.ts';
import { claimBatch, countWaiting, extendLease, LEASE_MS, releaseExpiredLeases, requeueBatch, settleRows, withInFlight } from './outbox.ts';
import { runSyncPass } from '../sync/syncPass.ts';
import { IDLE_RECHECK_MS, SyncScheduler } from '../sync/syncScheduler.ts';

type Fixture = ReturnType<typeof createEngineFixture>;

async function scanned(payloads: Array<[string, 'in' | 'out']>, f: Fixture = createEngineFixture()) {
  for (const [payload, direction] of payloads) {
    await recordScan({ db: f.db, now: f.nowDate, newId: f.newId }, TEST_CONFIG, { payload, input: 'camera', direction });
    f.advance(1_000);
  }
  return f;
}

const tickets = (rows: ReadonlyArray<{ ticketId: string | null }>) => rows.map((row) => row.ticketId);

describe('claimBatch', () => {
  it('claims with one lease row and leaves the scans as they were stored', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in'], ['2150', 'in']]);
    const before = await f.db.scans.orderBy('id').toArray();
    const claimed = await claimBatch(f.db, f.now(), 2, 'batch-1');
    expect(tickets(claimed)).toEqual(['2148', '2149']);
    expect(await f.db.scans.orderBy('id').toArray()).toEqual(before); // not one scan rewritten
    expect(await f.db.leases.toArray()).toEqual([{ batchId: 'batch-1', scans: claimed.map(({ id, ticketId }) => ({ id, ticketId })), leaseUntil: f.now() + LEASE_MS }]);
    expect(await countWaiting(f.db)).toBe(3); // in flight is still waiting to reach the server
  });

  it('never hands a scan in a live lease to a second sender, and holds back that ticket\'s later scans', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in'], ['2148', 'out'], ['2150', 'in']]);
    const first = await claimBatch(f.db, f.now(), 2, 'a');
    const second = await claimBatch(f.db, f.now(), 50, 'b');
    // 2148's check-out waits for its check-in in batch a; 2150 is free.
    expect(tickets(first)).toEqual(['2148', '2149']);
    expect(second.map((row) => [row.ticketId, row.direction])).toEqual([['2150', 'in']]);
    expect(await claimBatch(f.db, f.now(), 50, 'c')).toEqual([]);
    expect(await f.db.leases.get('c')).toBeUndefined(); // an empty claim writes no lease
  });

  it('never hands a leased scan without a ticket id to a second sender either (its ticket cannot hold it back)', async () => {
    const f = await scanned([['2148', 'in']]);
    const [row] = await f.db.scans.toArray();
    await f.db.scans.put({ ...row!, ticketId: null });
    expect(await claimBatch(f.db, f.now(), 50, 'a')).toHaveLength(1);
    expect(await claimBatch(f.db, f.now(), 50, 'b')).toEqual([]);
  });

  it('claims a dead sender\'s scans once its lease has expired, or at once under the sync lock', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in']]);
    await claimBatch(f.db, f.now(), 50, 'dead');
    expect(await releaseExpiredLeases(f.db, f.now())).toBe(0);
    expect(await claimBatch(f.db, f.now(), 50, 'x')).toEqual([]);
    expect(await releaseExpiredLeases(f.db, f.now(), true)).toBe(2);
    expect(tickets(await claimBatch(f.db, f.now(), 50, 'y'))).toEqual(['2148', '2149']);
    f.advance(LEASE_MS);
    // y expired: the next claim deletes it before taking its scans, so a scan is never in two leases.
    expect(tickets(await claimBatch(f.db, f.now(), 50, 'z'))).toEqual(['2148', '2149']);
    expect((await f.db.leases.toArray()).map((lease) => lease.batchId)).toEqual(['z']);
    expect(await releaseExpiredLeases(f.db, f.now())).toBe(0);
  });
});

describe('settling a leased batch', () => {
  it('settles only the scans the lease still owns, shrinks the lease, and deletes it once empty', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in'], ['2150', 'in']]);
    const [a, b, c] = await claimBatch(f.db, f.now(), 50, 'batch');
    await settleRows(f.db, 'batch', [a!.id], () => ({ state: 'confirmed' }));
    expect((await f.db.leases.get('batch'))?.scans.map((scan) => scan.id)).toEqual([b!.id, c!.id]);
    await settleRows(f.db, 'other', [b!.id], () => ({ state: 'confirmed' })); // not its lease: nothing happens
    expect((await f.db.scans.get(b!.id))?.state).toBe('queued');
    await requeueBatch(f.db, 'batch', f.now(), 'Server error (503)', () => 5_000, true);
    expect(await f.db.leases.count()).toBe(0);
    const rows = await f.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => [row.state, row.attempts, row.lastError])).toEqual([
      ['confirmed', 0, null],
      ['queued', 1, 'Server error (503)'],
      ['queued', 1, 'Server error (503)'],
    ]);
    expect(rows[1]!.nextAttemptAt).toBe(f.now() + 5_000);
  });

  it('lets a sender whose lease was released (it took too long) settle nothing, so the new sender\'s answer stands', async () => {
    const f = await scanned([['2148', 'in']]);
    const [slow] = await claimBatch(f.db, f.now(), 50, 'slow');
    f.advance(LEASE_MS + 1);
    await releaseExpiredLeases(f.db, f.now());
    await claimBatch(f.db, f.now(), 50, 'fresh');
    await settleRows(f.db, 'slow', [slow!.id], () => ({ state: 'rejected' }));
    expect((await f.db.scans.get(slow!.id))?.state).toBe('queued');
    await settleRows(f.db, 'fresh', [slow!.id], () => ({ state: 'confirmed' }));
    expect((await f.db.scans.get(slow!.id))?.state).toBe('confirmed');
  });

  it('keeps a split batch\'s lease alive while its halves are sent', async () => {
    const f = await scanned([['2148', 'in']]);
    await claimBatch(f.db, f.now(), 50, 'split');
    f.advance(LEASE_MS - 1);
    await extendLease(f.db, 'split', f.now() + LEASE_MS);
    f.advance(LEASE_MS - 1);
    expect(await releaseExpiredLeases(f.db, f.now())).toBe(0);
  });
});

describe('withInFlight', () => {
  it('shows a queued scan in a live lease as sending, and nothing else changes', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in'], ['not a ticket', 'in']]);
    await claimBatch(f.db, f.now(), 1, 'batch');
    const shown = await withInFlight(f.db, await f.db.scans.orderBy('id').toArray(), f.now());
    expect(shown.map((row) => [row.ticketId ?? row.payload, row.state])).toEqual([
      ['2148', 'sending'],
      ['2149', 'queued'],
      ['not a ticket', 'local'],
    ]);
    expect((await withInFlight(f.db, await f.db.scans.orderBy('id').toArray(), f.now() + LEASE_MS)).map((row) => row.state)).toEqual(['queued', 'queued', 'local']);
  });
});

describe('a pass leaves no lease behind', () => {
  it('whatever the batch met: success, a per-row 400, a reply short of a ticket, a 503', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in'], ['2150', 'in'], ['2151', 'in'], ['2152', 'in']]);
    // 5 rows: 400 → [2148 2149 2150] 400 → [2148 2149] 400 → [2148] ok, [2149] 400; [2150] answered for none; [2151 2152] 503.
    const tonic = scriptedTonic((items) => {
      if (items.some((item) => item.ticket_id === '2149')) return failWith('badRequest', 'Bad ticket');
      if (items.some((item) => item.ticket_id === '2152')) return failWith('server', 'Server error (503)');
      return { ok: true, value: items.filter((item) => item.ticket_id !== '2150').map(successFor) };
    });
    const report = await runSyncPass({ db: f.db, tonic, now: f.now, random: f.random, newBatchId: f.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
    expect(report.error?.kind).toBe('server');
    expect(await f.db.leases.count()).toBe(0);
    const rows = await f.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => [row.ticketId, row.state, row.attempts])).toEqual([
      ['2148', 'confirmed', 0],
      ['2149', 'failed', 0],
      ['2150', 'queued', 1],
      ['2151', 'queued', 1],
      ['2152', 'queued', 1],
    ]);
    expect(report.nextDueAt).toBe(Math.min(...rows.filter((row) => row.state === 'queued').map((row) => row.nextAttemptAt)));
  });
});

// From a review of the lease change: each of these failed on its first version.
describe('leases against a stalled sender, an older version, and the scheduler', () => {
  const ok = (value: TonicCheckInEntry[]): ApiResult<TonicCheckInEntry[]> => ({ ok: true, value });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const passDeps = (f: Fixture, tonic: TonicClient, prefix: string, holdsSyncLock = false, batchSize = 1) => ({
    db: f.db,
    tonic,
    now: f.now,
    random: f.random,
    newBatchId: () => `${prefix}-${f.newId()}`,
    batchSize,
    setupVersion: null,
    holdsSyncLock,
    log: () => {},
  });

  it('a sender whose lease expired and was taken over settles nothing; the new owner\'s answer stands', async () => {
    const f = await scanned([['2148', 'in']]);
    const [slow] = await claimBatch(f.db, f.now(), 50, 'slow');
    f.advance(LEASE_MS + 1);
    expect(await claimBatch(f.db, f.now(), 50, 'fresh')).toHaveLength(1); // no release in between: the claim drops 'slow'
    expect((await f.db.leases.toArray()).map((lease) => lease.batchId)).toEqual(['fresh']);
    await settleRows(f.db, 'slow', [slow!.id], () => ({ state: 'rejected' }));
    expect((await f.db.scans.get(slow!.id))?.state).toBe('queued');
  });

  it('without Web Locks: A stalls past its lease mid-pass, B takes the scan, A\'s late reply does not override B\'s', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in']]);
    let answerA: ((reply: ApiResult<TonicCheckInEntry[]>) => void) | null = null;
    const tonicA: TonicClient = { ...scriptedTonic(() => ok([])), checkIn: () => new Promise((resolve) => (answerA = resolve)) };
    const passA = runSyncPass(passDeps(f, tonicA, 'A'));
    while (!answerA) await tick(); // A holds 2148 under its lease, the request on the wire (a frozen tab)
    f.advance(1_000);
    let ownersWhenBSent: string[] = [];
    const tonicB: TonicClient = {
      ...scriptedTonic(() => ok([])),
      async checkIn(items) {
        if (items[0]!.ticket_id === '2149') {
          f.advance(LEASE_MS); // meanwhile A's lease runs out, A still alive
          return ok(items.map(successFor));
        }
        const id = (await f.db.scans.where('ticketId').equals('2148').first())!.id;
        ownersWhenBSent = (await f.db.leases.toArray()).filter((lease) => lease.scans.some((scan) => scan.id === id)).map((lease) => lease.batchId[0]!);
        answerA!(ok(items.map((item) => ({ ...successFor(item), message: 'late reply to A' }))));
        await passA;
        return ok(items.map((item) => ({ ...successFor(item), message: 'reply to B, the owner' })));
      },
    };
    await runSyncPass(passDeps(f, tonicB, 'B'));
    expect(ownersWhenBSent).toEqual(['B']);
    expect((await f.db.scans.where('ticketId').equals('2148').first())?.serverResult?.message).toBe('reply to B, the owner');
  });

  it('a scan an older version (still open across the upgrade) left `sending` is counted, holds its ticket, and is sent once its lease ends', async () => {
    const f = await scanned([['2148', 'in']]);
    const [row] = await f.db.scans.toArray();
    await f.db.scans.put({ ...row!, state: 'sending', leaseUntil: f.now() + LEASE_MS, batchId: 'v4-batch' } as ScanRow);
    await scanned([['2148', 'out']], f);
    expect(await countWaiting(f.db)).toBe(2);
    const tonic = scriptedTonic((items) => ok(items.map(successFor)));
    const held = await runSyncPass(passDeps(f, tonic, 'A', false, 50));
    expect(held.sent).toBe(0); // the check-out waits behind the older page's check-in
    expect(held.nextDueAt).toBe(f.now() + LEASE_MS - 1_000);
    f.advance(LEASE_MS);
    await runSyncPass(passDeps(f, tonic, 'A', false, 50));
    expect(tonic.calls.map((call) => call.map((item) => item.ticket_id))).toEqual([['2148']]);
    expect(tonic.outCalls.map((call) => call.map((item) => item.ticket_id))).toEqual([['2148']]);
    const rows = await f.db.scans.orderBy('id').toArray();
    expect(rows.map((scan) => scan.state)).toEqual(['confirmed', 'confirmed']);
    expect(rows[0]).not.toHaveProperty('leaseUntil');
  });

  it('under the sync lock, a scan an older version left `sending` is sent at once', async () => {
    const f = await scanned([['2148', 'in']]);
    const [row] = await f.db.scans.toArray();
    await f.db.scans.put({ ...row!, state: 'sending', leaseUntil: f.now() + LEASE_MS, batchId: 'v4-batch' } as ScanRow);
    expect((await runSyncPass(passDeps(f, scriptedTonic((items) => ok(items.map(successFor))), 'A', true))).confirmed).toBe(1);
  });

  /** The delay the scheduler sets after its first pass: 0 again and again would be a hot loop. */
  async function schedulerDelay(f: Fixture, holdsSyncLock: boolean): Promise<number> {
    const delays: number[] = [];
    const tonic = scriptedTonic((items) => ok(items.map(successFor)));
    const scheduler = new SyncScheduler(
      () => runSyncPass(passDeps(f, tonic, 'S', holdsSyncLock, 50)),
      { locks: null, setTimer: (_callback, ms) => delays.push(ms), clearTimer: () => {}, now: f.now, addWakeListener: () => () => {} },
      () => {},
      (error) => {
        throw error;
      },
    );
    scheduler.start();
    while (delays.length === 0) await tick();
    scheduler.stop();
    return delays[0]!;
  }

  it('a settled scan no longer holds its ticket: a split batch\'s answered half lets that ticket\'s check-out go', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in']]);
    const [in2148] = await claimBatch(f.db, f.now(), 50, 'a'); // 2148 answered, 2149's half still on the wire
    await settleRows(f.db, 'a', [in2148!.id], () => ({ state: 'confirmed' }));
    await scanned([['2148', 'out']], f);
    const tonic = scriptedTonic((items) => ok(items.map(successFor)));
    expect((await runSyncPass(passDeps(f, tonic, 'B'))).sent).toBe(1);
    expect(tonic.outCalls).toHaveLength(1);
  });

  it('a due check-out held back by its ticket\'s check-in that is backing off: the scheduler waits for the check-in, it does not spin', async () => {
    const f = await scanned([['2148', 'in']]);
    await runSyncPass(passDeps(f, scriptedTonic(() => failWith('server', '503')), 'A', true, 50));
    await f.db.scans.toCollection().modify({ nextAttemptAt: f.now() + 60_000 }); // well into its backoff
    await scanned([['2148', 'out']], f);
    const report = await runSyncPass(passDeps(f, scriptedTonic((items) => ok(items.map(successFor))), 'B', true, 50));
    expect(report.sent).toBe(0);
    expect(report.nextDueAt).toBe(f.now() + 59_000);
    expect(await schedulerDelay(f, true)).toBe(59_000);
  });

  it('after a failed batch, every later scan of its tickets waits for it: the pass is next due when that batch is', async () => {
    const f = createEngineFixture();
    const tickets = ['2148', '2149', '2150'];
    await scanned(Array.from({ length: 60 }, (_, index): [string, 'in' | 'out'] => [tickets[index % 3]!, index % 6 < 3 ? 'in' : 'out']), f);
    const report = await runSyncPass(passDeps(f, scriptedTonic(() => failWith('network', 'No connection')), 'A', true, 5));
    expect(report.sent).toBe(3); // in, in, in: then the direction changes
    const failed = (await f.db.scans.orderBy('id').toArray()).filter((row) => row.attempts === 1);
    expect(failed).toHaveLength(3);
    expect(failed.every((row) => row.nextAttemptAt > f.now())).toBe(true);
    // The 57 others are due already, but each waits behind its ticket's failed scan.
    expect(report.nextDueAt).toBe(Math.min(...failed.map((row) => row.nextAttemptAt)));
    expect(await schedulerDelay(f, true)).toBe(report.nextDueAt! - f.now());
  });

  it('a live lease holding a ticket: the pass is next due when it ends, and the scheduler does not spin meanwhile', async () => {
    const f = await scanned([['2148', 'in']]);
    await claimBatch(f.db, f.now(), 50, 'other-tab');
    await scanned([['2148', 'out']], f);
    const report = await runSyncPass(passDeps(f, scriptedTonic((items) => ok(items.map(successFor))), 'B', false, 50));
    expect(report).toMatchObject({ sent: 0, nextDueAt: f.now() - 1_000 + LEASE_MS });
    expect(await schedulerDelay(f, false)).toBe(IDLE_RECHECK_MS); // its longest wait; the lease ends later than that
  });
});
