import { describe, expect, it } from 'vitest';
import type { TonicClient } from '../api/tonicClient.ts';
import { createEngineFixture, failWith, scriptedTonic } from '../testing/engineFixture.ts';
import { queueBookingNote } from '../outbox/bookingNoteQueue.ts';
import { purchaseIdOf, WAITING_FOR_CHECK_IN, waitForCheckInMs, wakeNotesForTickets } from './bookingNotes.ts';
import { MAX_BACKOFF_MS } from './backoff.ts';
import { runSyncPass } from './syncPass.ts';

const TICKET = '627e095671209038d339a182.627cb97471209027347177dc.2';

describe('booking notes', () => {
  it('names the booking of a Tonic ticket, and refuses tickets, empty or huge notes it cannot send', async () => {
    expect(purchaseIdOf(TICKET)).toBe('627e095671209038d339a182');
    expect(purchaseIdOf('2148')).toBeNull();
    const fixture = createEngineFixture();
    const add = (ticketId: string, text: string) => queueBookingNote(fixture.db, ticketId, text, fixture.nowDate(), fixture.newId);
    expect(await add('2148', 'hi')).toEqual({ ok: false, message: 'This ticket has no booking this door can add a note to.' });
    expect(await add(TICKET, '   ')).toEqual({ ok: false, message: 'The note is empty.' });
    expect((await add(TICKET, 'x'.repeat(1001))).ok).toBe(false);
    expect(await fixture.db.mutations.count()).toBe(0);
  });

  it('sends queued notes after the scans, oldest first; retries on a network error; fails an unknown booking with the words', async () => {
    const fixture = createEngineFixture();
    await queueBookingNote(fixture.db, TICKET, 'Wheelchair space, row A', fixture.nowDate(), fixture.newId);
    fixture.advance(1_000);
    await queueBookingNote(fixture.db, 'ffffffffffffffffffffffff.627cb97471209027347177dc.1', 'Lost wristband', fixture.nowDate(), fixture.newId);
    const sent: string[] = [];
    let networkUp = false;
    const tonic: TonicClient = {
      ...scriptedTonic(() => failWith('network')),
      async updatePurchase(purchaseId, comments) {
        if (!networkUp) return failWith('network', 'No connection');
        if (purchaseId.startsWith('ffff')) return failWith('notFound', 'Not found (404): Purchase not found');
        sent.push(`${purchaseId} ${comments}`);
        return { ok: true, value: null };
      },
    };
    const pass = () => runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
    const down = await pass();
    expect(down.error?.kind).toBe('network');
    expect((await fixture.db.mutations.orderBy('id').toArray()).map((note) => [note.state, note.attempts])).toEqual([['queued', 1], ['queued', 0]]);
    expect(down.nextDueAt).not.toBeNull();

    networkUp = true;
    fixture.advance(60_000);
    await pass();
    expect(sent).toEqual(['627e095671209038d339a182 Wheelchair space, row A']);
    const notes = await fixture.db.mutations.orderBy('id').toArray();
    expect(notes.map((note) => note.state)).toEqual(['confirmed', 'failed']);
    expect(notes[1]?.lastError).toBe('Not found (404): Purchase not found');
  });
});

describe('a note the gateway does not take yet', () => {
  it('is woken by an answered scan of a ticket of its booking (success, already in, cancelled), not by "not found" or another booking', async () => {
    const fixture = createEngineFixture();
    await queueBookingNote(fixture.db, TICKET, 'Wheelchair space, row A', fixture.nowDate(), fixture.newId);
    const later = fixture.now() + 60_000;
    await fixture.db.mutations.toCollection().modify({ nextAttemptAt: later, lastError: WAITING_FOR_CHECK_IN });
    const due = async () => (await fixture.db.mutations.toArray())[0]?.nextAttemptAt;

    await wakeNotesForTickets(fixture.db, [{ ticketId: TICKET, result: 'not_found' }, { ticketId: 'ffffffffffffffffffffffff.627cb97471209027347177dc.1', result: 'success' }, { ticketId: null, result: 'success' }], fixture.now());
    expect(await due()).toBe(later);
    for (const result of ['success', 'already_checked_in', 'cancelled']) {
      await fixture.db.mutations.toCollection().modify({ nextAttemptAt: later });
      await wakeNotesForTickets(fixture.db, [{ ticketId: '627E095671209038D339A182.000000000000000000000000.1'.toLowerCase(), result }], fixture.now());
      expect(await due(), result).toBe(fixture.now());
    }
  });

  it('waits 15–30 s after its first try, doubling, never more than 5 minutes', () => {
    expect(waitForCheckInMs(1, () => 0)).toBe(15_000);
    expect(waitForCheckInMs(1, () => 0.999)).toBeLessThanOrEqual(30_000);
    expect(waitForCheckInMs(4, () => 0)).toBe(120_000);
    expect(waitForCheckInMs(40, () => 0.999)).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    expect(waitForCheckInMs(40, () => 0)).toBe(MAX_BACKOFF_MS / 2);
  });
});
