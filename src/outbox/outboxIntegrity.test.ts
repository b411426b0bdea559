// Outbox integrity: each ticket's scans reach Tonic in order across retries and imports, the Retry-After hold clears, imports are safe, late replies do not undo newer scans.
import { describe, expect, it } from 'vitest';
import type { TonicClient } from '../api/tonicClient.ts';
import type { TonicTicketItem } from '../api/tonicSchemas.ts';
import { recordScan } from '../door/recordScan.ts';
import { createEngineFixture, failWith, scriptedTonic, successFor, TEST_CONFIG } from '../testing/engineFixture.ts';
import { importScans } from './exportImport.ts';
import { makeQueueDue } from './makeQueueDue.ts';
import { runSyncPass } from '../sync/syncPass.ts';

type Fixture = ReturnType<typeof createEngineFixture>;
const record = (f: Fixture, payload: string, direction: 'in' | 'out' = 'in') =>
  recordScan({ db: f.db, now: f.nowDate, newId: f.newId }, TEST_CONFIG, { payload, input: 'camera', direction });
const run = (f: Fixture, tonic: TonicClient, holdsSyncLock = false) =>
  runSyncPass({ db: f.db, tonic, now: f.now, random: f.random, newBatchId: f.newId, batchSize: 50, setupVersion: null, holdsSyncLock, log: () => {} });

/** A Tonic that logs every request in arrival order, across both endpoints. */
function orderedTonic(inScript: () => 'ok' | 'down') {
  const log: string[] = [];
  const tonic: TonicClient = {
    async checkIn(items) {
      log.push(...items.map((item) => `in ${item.ticket_id} ${item.time}`));
      return inScript() === 'ok' ? { ok: true, value: items.map(successFor) } : failWith('server', 'Server error (503)');
    },
    async checkOut(items) {
      log.push(...items.map((item) => `out ${item.ticket_id} ${item.time}`));
      return { ok: true, value: items.map(() => ({ _id: 'b'.repeat(24), reference: 'DMN-1-1', checked_in: null })) };
    },
    occurrences: async () => ({ ok: true, value: [] }),
    queue: async () => ({ ok: true, value: null }),
      updatePurchase: async () => ({ ok: true, value: null }),
  };
  return { tonic, log };
}

describe('outbox order per ticket', () => {
  it('never sends a check-out ahead of an earlier check-in of the same ticket that is backing off', async () => {
    const f = createEngineFixture();
    let state: 'ok' | 'down' = 'down';
    const { tonic, log } = orderedTonic(() => state);
    await record(f, '2148', 'in'); // 19:00:00
    await run(f, tonic); // 503: the check-in backs off (nextAttemptAt = now + jitter)
    state = 'ok';
    await record(f, '2148', 'out'); // the guest steps out; this scan wakes the sync and is due at once
    await run(f, tonic);
    f.advance(5 * 60_000);
    await run(f, tonic);
    // Tonic must see in, (in again), out: otherwise the late check-in leaves an absent guest checked in.
    expect(log).toEqual(["in 2148 2026-11-24 19:00:00", "in 2148 2026-11-24 19:00:00", "out 2148 2026-11-24 19:00:00"]);
  });

  it('sends an imported earlier check-in before this device\'s later check-out of the same ticket', async () => {
    const phone = createEngineFixture('2026-11-24T19:00:00Z');
    await record(phone, '2149', 'in');
    const file = JSON.stringify({ format: 'doorlist-scans', version: 1, deviceName: 'Phone', scans: await phone.db.scans.toArray(), tickets: [] });
    const tablet = createEngineFixture('2026-11-24T19:30:00Z');
    await record(tablet, '2149', 'out'); // queued offline, due 19:30
    tablet.advance(30 * 60_000);
    await importScans(tablet.db, file, tablet.nowDate()); // imported row due 20:00, i.e. after the 19:30 check-out
    const { tonic, log } = orderedTonic(() => 'ok');
    await run(tablet, tonic);
    expect(log).toEqual(['in 2149 2026-11-24 19:00:00', 'out 2149 2026-11-24 19:30:00']);
  });
});

describe('Retry-After hold', () => {
  it('is cleared once sending succeeds, so a later clock step back does not stop sync', async () => {
    const f = createEngineFixture();
    await record(f, '2148');
    await run(f, scriptedTonic(() => failWith('rateLimited', 'slow down', 30_000)));
    f.advance(30_000);
    const ok = scriptedTonic((items) => ({ ok: true, value: items.map(successFor) }));
    expect((await run(f, ok)).confirmed).toBe(1);
    f.advance(-60 * 60_000); // NTP corrects a fast clock by an hour
    await record(f, '2149');
    await makeQueueDue(f.db, f.now()); // 'online'
    expect((await run(f, ok)).sent).toBe(1);
  });
});

describe('imported rows', () => {
  it('an imported queued row without a ticket id is settled, not resent on every pass', async () => {
    const tablet = createEngineFixture();
    const scan = {
      id: '01KAVXS6R0ABCDEFGHJKMNPQRS', payload: '2148', ticketId: null, direction: 'in', scannedAt: '2026-11-24T19:00:00.000Z',
      venueTime: '2026-11-24 19:00:00', deviceName: 'Phone', source: 'doorlist', input: 'camera', verdict: { kind: 'admitted' }, state: 'queued',
    };
    const result = await importScans(tablet.db, JSON.stringify({ format: 'doorlist-scans', version: 1, deviceName: 'Phone', scans: [scan] }), tablet.nowDate());
    expect(result.ok).toBe(true);
    const tonic = scriptedTonic((items) => ({ ok: true, value: items.map(successFor) }));
    await run(tablet, tonic, true);
    await run(tablet, tonic, true);
    expect(tonic.calls).toHaveLength(0); // nothing to send without a ticket id: kept as history
    expect((await tablet.db.scans.get(scan.id))?.state).toBe('local');
  });

  it('a file repeating a scan id imports it once, and never throws', async () => {
    const phone = createEngineFixture();
    await record(phone, '2148');
    const [row] = await phone.db.scans.toArray();
    const file = JSON.stringify({ format: 'doorlist-scans', version: 1, deviceName: 'Phone', scans: [row, row], tickets: [] });
    const tablet = createEngineFixture();
    await expect(importScans(tablet.db, file, tablet.nowDate())).resolves.toMatchObject({ ok: true, added: 1 });
    expect(await tablet.db.scans.count()).toBe(1);
  });
});

describe('reconcile and newer local knowledge', () => {
  it('a check-in reply that lands after a local check-out does not turn the returning guest away', async () => {
    const f = createEngineFixture();
    await record(f, '2148', 'in');
    const tonic: TonicClient = {
      async checkIn(items: TonicTicketItem[]) {
        f.advance(5_000);
        await record(f, '2148', 'out'); // the guest steps out while the check-in request is in flight
        return { ok: true, value: items.map(successFor) };
      },
      checkOut: async () => failWith('network', 'No connection'), // and the network drops
      occurrences: async () => ({ ok: true, value: [] }),
      queue: async () => ({ ok: true, value: null }),
      updatePurchase: async () => ({ ok: true, value: null }),
    };
    await run(f, tonic);
    f.advance(60_000);
    const back = await record(f, '2148', 'in'); // re-entry
    expect(back.ok && back.scan.verdict.kind).toBe('admitted');
  });
});
