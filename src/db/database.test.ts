// Schema versions: a database written by an older version opens in the current one with its data intact.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DoorlistDatabase } from './database.ts';

describe('DoorlistDatabase versions', () => {
  it('upgrades a version 1 database (scans, tickets, settings kept) to the current version', async () => {
    const name = `upgrade-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      scans: 'id, state, ticketId, [state+nextAttemptAt], [ticketId+direction]',
      tickets: 'ticketId, reference',
      counts: 'ticketId',
      settings: 'id',
      syncStatus: 'id',
    });
    await v1.table('scans').add({ id: '01JDTESTSCAN0000000000000A', state: 'queued', ticketId: '2148', nextAttemptAt: 5, direction: 'in' });
    await v1.table('tickets').add({ ticketId: '2148', reference: 'DMN-1-1' });
    v1.close();

    const current = new DoorlistDatabase(name);
    await current.open();
    expect(current.verno).toBe(3);
    expect(await current.mutations.count()).toBe(0);
    expect(await current.scans.get('01JDTESTSCAN0000000000000A')).toMatchObject({ state: 'queued', ticketId: '2148' });
    expect(await current.scans.where('[state+nextAttemptAt]').between(['queued', 0], ['queued', 10]).count()).toBe(1);
    expect(await current.tickets.where('reference').equals('DMN-1-1').count()).toBe(1);
    await current.occurrences.put({ key: 'e|2026-11-24', eventId: 'e', occurrenceDate: '2026-11-24', start: null, end: null, niceDate: null, onSale: true, cancelled: false, soldOut: false, capacity: 10, sold: 5, fetchedAt: 'x' });
    expect(await current.occurrences.count()).toBe(1);
    current.close();
  });
});
