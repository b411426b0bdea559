// The outbox's batch leases: a claim is one lease row, the lease owns its scans until they settle, a dead sender's
// lease is released, two senders never take the same scan, and staff see the scans in flight as sending.
import { describe, expect, it } from 'vitest';
import { recordScan } from '../checkin/recordScan.ts';
import { createEngineFixture, failWith, scriptedTonic, successFor, TEST_CONFIG } from '../testing/engineFixture.ts';
import { claimBatch, countWaiting, extendLease, LEASE_MS, releaseExpiredLeases, requeueBatch, settleRows, withInFlight } from './outbox.ts';
import { runSyncPass } from './syncPass.ts';

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
    expect(await f.db.leases.toArray()).toEqual([{ batchId: 'batch-1', scanIds: claimed.map((row) => row.id), ticketIds: ['2148', '2149'], leaseUntil: f.now() + LEASE_MS }]);
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
    expect(tickets(await claimBatch(f.db, f.now(), 50, 'z'))).toEqual(['2148', '2149']); // y expired: claimable even unreleased
    expect(await releaseExpiredLeases(f.db, f.now())).toBe(2); // y (z is live)
    expect((await f.db.leases.toArray()).map((lease) => lease.batchId)).toEqual(['z']);
  });
});

describe('settling a leased batch', () => {
  it('settles only the scans the lease still owns, shrinks the lease, and deletes it once empty', async () => {
    const f = await scanned([['2148', 'in'], ['2149', 'in'], ['2150', 'in']]);
    const [a, b, c] = await claimBatch(f.db, f.now(), 50, 'batch');
    await settleRows(f.db, 'batch', [a!.id], () => ({ state: 'confirmed' }));
    expect((await f.db.leases.get('batch'))?.scanIds).toEqual([b!.id, c!.id]);
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
