// Schema versions: a database written by an older version opens in the current one with its data intact.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { countProblems, latestProblems } from '../reports/problems.ts';
import { DoorlistDatabase } from './database.ts';
import type { ScanRow, TicketRow } from './tables.ts';
import type { TonicCheckInEntry } from '../api/tonicSchemas.ts';
import { interpretCheckIn, type Interpretation } from '../sync/interpretCheckIn.ts';
import { interpretCheckOut } from '../sync/interpretCheckOut.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { successFor } from '../testing/engineFixture.ts';
import { entryFixture } from '../testing/guestListFixtures.ts';
import { chunkRowOf } from '../guestlist/listStore.ts';

// The schemas older versions shipped (database.ts), as an older page would have opened the database.
const V1_STORES = {
  scans: 'id, state, ticketId, [state+nextAttemptAt], [ticketId+direction]',
  tickets: 'ticketId, reference',
  counts: 'ticketId',
  settings: 'id',
  syncStatus: 'id',
};
const V3_STORES = { ...V1_STORES, occurrences: 'key, eventId, occurrenceDate', mutations: 'id, state, [state+nextAttemptAt]' };
const V4_STORES = { ...V3_STORES, tickets: 'ticketId, reference, *searchWords' };
const V5_STORES = { ...V4_STORES, leases: 'batchId' };
const V6_STORES = { ...V5_STORES, scans: 'id, state, ticketId, [state+nextAttemptAt], [ticketId+direction], [state+handledAt]' };
const V7_STORES = { ...V6_STORES, guestListChunks: '++id, *keys, *references, *searchWords', guestListState: 'id' };

describe('DoorlistDatabase versions', () => {
  it('upgrades a version 1 database (scans, tickets, settings kept) to the current version', async () => {
    const name = `upgrade-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    await v1.table('scans').add({ id: '01JDTESTSCAN0000000000000A', state: 'queued', ticketId: '2148', nextAttemptAt: 5, direction: 'in' });
    await v1.table('tickets').add({ ticketId: '2148', reference: 'DMN-1-1' });
    v1.close();

    const current = new DoorlistDatabase(name);
    await current.open();
    expect(current.verno).toBe(8);
    expect(await current.mutations.count()).toBe(0);
    expect(await current.scans.get('01JDTESTSCAN0000000000000A')).toMatchObject({ state: 'queued', ticketId: '2148' });
    expect(await current.scans.where('[state+nextAttemptAt]').between(['queued', 0], ['queued', 10]).count()).toBe(1);
    expect(await current.tickets.where('reference').equals('DMN-1-1').count()).toBe(1);
    await current.occurrences.put({ key: 'e|2026-11-24', eventId: 'e', occurrenceDate: '2026-11-24', start: null, end: null, niceDate: null, onSale: true, cancelled: false, soldOut: false, capacity: 10, sold: 5, fetchedAt: 'x' });
    expect(await current.occurrences.count()).toBe(1);
    current.close();
  });

  it('upgrades a version 3 database: every known ticket gets its search words, nothing else changes', async () => {
    const name = `upgrade-v3-${Date.now()}`;
    const v3 = new Dexie(name);
    v3.version(3).stores(V3_STORES);
    const known: TicketRow = { ticketId: '2148', status: 'valid', reference: 'DMN-7930721728-176', guestName: 'Zoë Ångström', checkedInAt: '2026-11-24 19:02:00', checkedInDoor: 'North gate', updatedAt: 'x' };
    await v3.table('tickets').bulkAdd([known, { ...known, ticketId: '2149', reference: null, guestName: null }]);
    await v3.table('mutations').add({ id: 'm1', state: 'queued', nextAttemptAt: 1 });
    v3.close();

    const current = new DoorlistDatabase(name);
    await current.open();
    expect(current.verno).toBe(8);
    expect(await current.tickets.get('2148')).toEqual({ ...known, searchWords: ['zoe', 'angstrom'] });
    expect(await current.tickets.where('searchWords').startsWith('angs').primaryKeys()).toEqual(['2148']);
    expect(await current.tickets.get('2149')).toMatchObject({ ticketId: '2149', searchWords: [] });
    expect(await current.tickets.where('reference').equals('DMN-7930721728-176').count()).toBe(1);
    expect(await current.mutations.count()).toBe(1);
    current.close();
  });

  it('upgrades a version 4 database: scans an older page left sending are queued again, without batch or lease; others untouched', async () => {
    const name = `upgrade-v4-${Date.now()}`;
    const v4 = new Dexie(name);
    v4.version(4).stores(V4_STORES);
    const scan = { ticketId: '2148', direction: 'in', attempts: 2, nextAttemptAt: 5, leaseUntil: null, batchId: null };
    await v4.table('scans').bulkAdd([
      { ...scan, id: '01JDTESTSCAN0000000000000A', state: 'sending', leaseUntil: 99, batchId: 'old-batch' },
      { ...scan, id: '01JDTESTSCAN0000000000000B', state: 'confirmed', ticketId: '2149' },
      { ...scan, id: '01JDTESTSCAN0000000000000C', state: 'queued', ticketId: '2150' },
    ]);
    v4.close();

    const current = new DoorlistDatabase(name);
    await current.open();
    expect(current.verno).toBe(8);
    const [wasSending, confirmed, queued] = await current.scans.orderBy('id').toArray();
    expect(wasSending).toEqual({ id: '01JDTESTSCAN0000000000000A', state: 'queued', ticketId: '2148', direction: 'in', attempts: 2, nextAttemptAt: 5 });
    expect(confirmed).toMatchObject({ state: 'confirmed', ticketId: '2149' });
    expect(queued).toMatchObject({ state: 'queued', ticketId: '2150' });
    expect(await current.scans.where('state').equals('sending').count()).toBe(0);
    expect(await current.leases.count()).toBe(0);
    current.close();
  });

  it('upgrades a version 5 database: scans handled before the upgrade are in the new index, so they stay out of Needs attention', async () => {
    const name = `upgrade-v5-${Date.now()}`;
    const v5 = new Dexie(name);
    v5.version(5).stores(V5_STORES);
    await v5.table('scans').bulkAdd([
      { id: '01JDTESTSCAN0000000000000A', state: 'rejected', handledAt: '2026-11-24T19:00:00.000Z' },
      { id: '01JDTESTSCAN0000000000000B', state: 'rejected', handledAt: null },
      { id: '01JDTESTSCAN0000000000000C', state: 'failed' },
    ]);
    v5.close();

    const current = new DoorlistDatabase(name);
    await current.open();
    expect(current.verno).toBe(8);
    expect(await countProblems(current)).toBe(2);
    expect((await latestProblems(current, 10)).map((row) => row.id)).toEqual(['01JDTESTSCAN0000000000000C', '01JDTESTSCAN0000000000000B']);
    current.close();
  });

  it('upgrades a version 6 database to 7: every scan, ticket, setting, note and status kept; the guest list tables new and empty', async () => {
    const name = `upgrade-v6-${Date.now()}`;
    const v6 = new Dexie(name);
    v6.version(6).stores(V6_STORES);
    const scans = [
      { id: '01JDTESTSCAN0000000000000A', state: 'queued', ticketId: '2148', direction: 'in', nextAttemptAt: 5, handledAt: null },
      { id: '01JDTESTSCAN0000000000000B', state: 'rejected', ticketId: '2149', direction: 'in', nextAttemptAt: 0, handledAt: '2026-11-24T19:00:00.000Z' },
    ];
    const ticket = { ticketId: '2148', status: 'valid', reference: 'DMN-1-1', guestName: 'Ann Lee', checkedInAt: null, checkedInDoor: null, updatedAt: 'x', searchWords: ['ann', 'lee'] };
    await v6.table('scans').bulkAdd(scans);
    await v6.table('tickets').add(ticket);
    await v6.table('settings').add({ id: 'device', config: { deviceName: 'North gate 1' }, batchSize: 50, configuredAt: 'x', preferences: { sound: false } });
    await v6.table('syncStatus').add({ id: 'sync', feedCursor: 12, lastSuccessAt: 'y' });
    await v6.table('mutations').add({ id: 'm1', state: 'queued', nextAttemptAt: 1 });
    await v6.table('occurrences').add({ key: 'e|2026-11-24', eventId: 'e', occurrenceDate: '2026-11-24' });
    await v6.table('leases').add({ batchId: 'b1', scans: [], leaseUntil: 9 });
    v6.close();

    const current = new DoorlistDatabase(name);
    await current.open();
    expect(current.verno).toBe(8);
    expect(await current.scans.orderBy('id').toArray()).toEqual(scans);
    expect(await current.scans.where('[state+handledAt]').between(['rejected', ''], ['rejected', '\uffff']).count()).toBe(1);
    expect(await current.tickets.get('2148')).toEqual(ticket);
    expect(await current.settings.get('device')).toMatchObject({ config: { deviceName: 'North gate 1' }, preferences: { sound: false } });
    expect(await current.syncStatus.get('sync')).toMatchObject({ feedCursor: 12, lastSuccessAt: 'y' });
    expect([await current.mutations.count(), await current.occurrences.count(), await current.leases.count()]).toEqual([1, 1, 1]);
    expect([await current.guestListChunks.count(), await current.guestListState.count()]).toEqual([0, 0]);
    // The new tables work: a chunk is found by its entries' keys, references and guests' words (listStore's chunkRowOf).
    const id = await current.guestListChunks.add(chunkRowOf('2026-11-24', [entryFixture(1, { guestName: "Siobhán O'Brien" }), entryFixture(2)]));
    expect(await current.guestListChunks.where('keys').equals(entryFixture(1).key).primaryKeys()).toEqual([id]);
    expect(await current.guestListChunks.where('references').equals('DMN-1001-1').primaryKeys()).toEqual([id]);
    expect(await current.guestListChunks.where('references').equals(entryFixture(2).purchaseRef!).primaryKeys()).toEqual([id]);
    expect(await current.guestListChunks.where('searchWords').anyOf('siobhan', 'obrien').primaryKeys()).toEqual([id, id]);
    current.close();
  });

  it('upgrades a version 7 database: each scan the server refused gets its verdict, read as a reply is read now; others untouched', async () => {
    const name = `upgrade-v7-${Date.now()}`;
    const receivedAt = '2026-11-24T19:00:05.000Z';
    const scan = (id: string, change: Partial<ScanRow>): ScanRow => scanRowFixture({ id: `01JDTESTSCAN00000000000${id}`, ...change });
    const ticket = (checkedIn: string, device: string) => ({ _id: 'c'.repeat(24), checked_in: { date: `${checkedIn}.000000` }, check_in_device_name: device });
    // Rows as the sync pass of version 7 left them: its reading of Tonic's entry, without a verdict.
    const checkIns: Array<[ScanRow, TonicCheckInEntry]> = [
      [scan('0A', {}), { result: 'already_checked_in', ticket: ticket('2026-11-24 18:55:10', 'South gate') }],
      [scan('0B', {}), { result: 'not_found', message: 'Ticket not found' }],
      [scan('0C', {}), { result: 'banned' }],
      [scan('0D', { verdict: { kind: 'admitted', unchecked: 'staleList', listAgeMinutes: 300, checkId: 'Over 18' } }), successFor({ ticket_id: '2148', device_name: 'North gate 1', time: '2026-11-24 19:00:00', source: 'doorlist' })],
      // A resend after a lost reply: "already checked in" at this door and time is this scan's own check-in.
      [scan('0E', {}), { result: 'already_checked_in', ticket: ticket('2026-11-24 19:00:00', 'North gate 1') }],
    ];
    const replies = checkIns.map(([row, entry]): [ScanRow, Interpretation] => [row, interpretCheckIn(row, entry, receivedAt)]);
    const checkOut = scan('0F', { direction: 'out', verdict: { kind: 'checkedOut' } });
    const refusedOut = scan('0G', { direction: 'out', verdict: { kind: 'checkedOut' } });
    replies.push([checkOut, interpretCheckOut(checkOut, { _id: null }, receivedAt)], [refusedOut, interpretCheckOut(refusedOut, { result: 'not_checked_in' }, receivedAt)]);
    const bulk = scan('0H', { state: 'sentUnconfirmed', serverResult: { result: 'queued', message: 'Sent in bulk', checkedInAt: null, checkedInDevice: null, receivedAt } });
    const untouched = [bulk, scan('0J', { state: 'queued' }), scan('0K', { state: 'rejected' }), scan('0M', { state: 'failed', lastError: 'HTTP 400' })];

    const v7 = new Dexie(name);
    v7.version(7).stores(V7_STORES);
    await v7.table('scans').bulkAdd([...replies.map(([row, meaning]) => ({ ...row, state: meaning.state, serverResult: meaning.serverResult })), ...untouched]);
    v7.close();

    const current = new DoorlistDatabase(name);
    await current.open();
    expect(current.verno).toBe(8);
    const rows = await current.scans.orderBy('id').toArray();
    // The verdict each row gets is the one the sync pass stores now for the same reply.
    // Confirmed rows stay as they were (no screen reads an old confirmation's verdict).
    expect(rows.slice(0, replies.length)).toEqual(
      replies.map(([row, meaning]) => ({ ...row, state: meaning.state, serverResult: meaning.serverResult, ...(meaning.state === 'rejected' ? { serverVerdict: meaning.serverVerdict } : {}) })),
    );
    expect(rows.slice(0, replies.length).map((row) => [row.state, row.serverVerdict])).toEqual([
      ['rejected', { kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: 'South gate' }],
      ['rejected', { kind: 'unknownTicket' }],
      ['rejected', { kind: 'refusedByServer', message: 'Server answered "banned"' }],
      ['confirmed', undefined],
      ['confirmed', undefined],
      ['confirmed', undefined],
      ['rejected', { kind: 'refusedByServer', message: 'Server answered "not_checked_in"' }],
    ]);
    expect(rows.slice(replies.length)).toEqual(untouched);
    current.close();
  });

  it('computes search words on every write to tickets (add, put, bulkPut, update, modify) without changing the caller\'s row', async () => {
    const db = new DoorlistDatabase(`words-${Date.now()}`);
    const words = async (id: string) => ((await db.tickets.get(id)) as (TicketRow & { searchWords?: string[] }) | undefined)?.searchWords;
    const row: TicketRow = { ticketId: '1', status: 'valid', reference: null, guestName: 'Ann Lee', checkedInAt: null, checkedInDoor: null, updatedAt: 'x' };
    await db.tickets.add(row);
    expect(row).not.toHaveProperty('searchWords');
    expect(await words('1')).toEqual(['ann', 'lee']);
    await db.tickets.put({ ...row, guestName: 'Bo Li' });
    expect(await words('1')).toEqual(['bo', 'li']);
    await db.tickets.bulkPut([{ ...row, ticketId: '2', guestName: 'Cy' }]);
    expect(await words('2')).toEqual(['cy']);
    await db.tickets.update('2', { reference: 'AB-1234-5', guestName: 'Cy Twombly' });
    expect(await words('2')).toEqual(['cy', 'twombly']);
    await db.tickets.where('ticketId').equals('1').modify({ guestName: 'Di Ma' });
    expect(await words('1')).toEqual(['di', 'ma']);
    await db.transaction('rw', db.tickets, async () => db.tickets.put({ ...row, ticketId: '3', guestName: 'Ed' }));
    expect(await words('3')).toEqual(['ed']);
    db.close();
  });
});
