// The app's own code against the gateway's app.fetch (issue 11): a booking note for a booking the gateway has not seen is
// filed as "could not be saved" with the gateway's words; a device renamed in its Settings still confirms its own resend.
// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTonicClient } from '../api/tonicClient.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { interpretCheckIn } from './interpretCheckIn.ts';
import { queueBookingNote } from '../outbox/bookingNoteQueue.ts';
import { BOOKING_NOT_SEEN_CODE, NOTE_WAIT_BASE_MS, WAITING_FOR_CHECK_IN } from './bookingNotes.ts';
import { MAX_BACKOFF_MS } from './backoff.ts';
import { recordScan } from '../door/recordScan.ts';
import { runSyncPass } from './syncPass.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { demoTickets, SEED_TICKET_IDS } from '../../server/demoData.ts';
import { createFetchKit, deviceHeaders, type FetchKit } from '../../server/testing/fetchKit.ts';
import { item } from '../../server/testing/gatewayTestKit.ts';
import { BOOKING_NOT_SEEN } from '../../server/gateway/tonicProxy.ts';

const [seen, unseen] = demoTickets().filter((ticket) => ticket.ticketId.includes('.') && !ticket.cancelled).filter((ticket, index, all) => all.findIndex((other) => other.purchaseObjectId === ticket.purchaseObjectId) === index);

let kit: FetchKit;
beforeEach(() => {
  kit = createFetchKit();
});
afterEach(() => kit.close());

describe('booking notes from the app through the gateway', () => {
  it('saves a note on a booking whose ticket went through the gateway, and files one on another booking as refused in plain words', async () => {
    const { token } = await kit.gateway.addDevice('North gate 1');
    const checkIn = await kit.send('/api/tonic/checkin/tickets', { method: 'POST', body: JSON.stringify({ tickets: [item(seen!.ticketId)] }), headers: deviceHeaders(token) });
    expect(checkIn.status).toBe(200);

    const fixture = createEngineFixture();
    const tonic = createTonicClient({ baseUrl: 'http://gateway.test/api/tonic', token }, (url, init) => kit.send(new URL(url).pathname, init));
    await queueBookingNote(fixture.db, seen!.ticketId, 'Wheelchair space, row A', fixture.nowDate(), fixture.newId);
    fixture.advance(1_000);
    await queueBookingNote(fixture.db, unseen!.ticketId, 'Lost wristband', fixture.nowDate(), fixture.newId);
    await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });

    const notes = await fixture.db.mutations.orderBy('id').toArray();
    expect(notes.map((note) => [note.comments, note.state, note.lastError])).toEqual([
      ['Wheelchair space, row A', 'confirmed', null],
      ['Lost wristband', 'queued', WAITING_FOR_CHECK_IN],
    ]);
    expect(notes[1]?.nextAttemptAt).toBeGreaterThan(fixture.now());
    expect(BOOKING_NOT_SEEN.code).toBe(BOOKING_NOT_SEEN_CODE); // the gateway's code is the one the app waits on
    // Only the seen booking reached Tonic.
    const patched = () => kit.upstreamCalls.filter((call) => call.method === 'PATCH').map((call) => new URL(call.url).pathname);
    expect(patched()).toEqual([`/tonic/purchases/${seen!.purchaseObjectId}`]);

    // The steward checks in a ticket of the waiting note's booking on this door: the same pass sends the note again.
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: unseen!.ticketId, input: 'manual' });
    const pass = await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
    expect(pass.confirmed).toBe(1);
    expect((await fixture.db.mutations.orderBy('id').toArray()).map((note) => [note.comments, note.state, note.lastError])).toEqual([
      ['Wheelchair space, row A', 'confirmed', null],
      ['Lost wristband', 'confirmed', null],
    ]);
    expect(patched()).toEqual([`/tonic/purchases/${seen!.purchaseObjectId}`, `/tonic/purchases/${unseen!.purchaseObjectId}`]);
  });

  it('keeps a note waiting on a booking checked in only in bulk (async), retrying at most 5 minutes apart, and never files it as failed', async () => {
    const { token } = await kit.gateway.addDevice('North gate 1');
    await kit.send('/api/tonic/checkin/tickets', { method: 'POST', body: JSON.stringify({ tickets: [item(unseen!.ticketId)], async: true }), headers: deviceHeaders(token) });
    const fixture = createEngineFixture();
    const tonic = createTonicClient({ baseUrl: 'http://gateway.test/api/tonic', token }, (url, init) => kit.send(new URL(url).pathname, init));
    await queueBookingNote(fixture.db, unseen!.ticketId, 'Lost wristband', fixture.nowDate(), fixture.newId);
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const before = fixture.now();
      await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
      const [note] = await fixture.db.mutations.toArray();
      expect(note).toMatchObject({ state: 'queued', attempts: attempt, lastError: WAITING_FOR_CHECK_IN });
      expect(note!.nextAttemptAt - before).toBeLessThanOrEqual(MAX_BACKOFF_MS);
      expect(note!.nextAttemptAt - before).toBeGreaterThanOrEqual(Math.min(MAX_BACKOFF_MS, NOTE_WAIT_BASE_MS * 2 ** (attempt - 1)) / 2);
      fixture.advance(note!.nextAttemptAt - before);
    }
  });

  it('confirms a renamed device\'s own resend as its scan, though the gateway records the enrolled name', async () => {
    const { token } = await kit.gateway.addDevice('North gate 1');
    const tonic = createTonicClient({ baseUrl: 'http://gateway.test/api/tonic', token }, (url, init) => kit.send(new URL(url).pathname, init));
    const row = scanRowFixture({ ticketId: SEED_TICKET_IDS[0], payload: SEED_TICKET_IDS[0], deviceName: 'Bar 2 (renamed)', venueTime: '2026-11-24 19:05:00' });
    const send = { ticket_id: SEED_TICKET_IDS[0]!, device_name: row.deviceName, time: row.venueTime, source: 'doorlist' };
    const first = await tonic.checkIn([send]);
    const resend = await tonic.checkIn([send]); // the first reply was lost on the way back
    if (!first.ok || !resend.ok) throw new Error('check-in through the gateway failed');
    expect(first.value[0]?.ticket?.check_in_device_name).toBe('North gate 1');
    expect(interpretCheckIn(row, first.value[0]!, '2026-11-24T19:05:01.000Z').state).toBe('confirmed');
    expect(interpretCheckIn(row, resend.value[0]!, '2026-11-24T19:05:30.000Z')).toMatchObject({ state: 'confirmed', serverResult: { result: 'already_checked_in' } });
  });

  it("confirms a renamed device's own resend when Tonic answers it (the gateway had recorded nothing: the reply timed out)", async () => {
    const { token, device } = await kit.gateway.addDevice('North gate 1');
    const tonic = createTonicClient({ baseUrl: 'http://gateway.test/api/tonic', token }, (url, init) => kit.send(new URL(url).pathname, init));
    const row = scanRowFixture({ ticketId: SEED_TICKET_IDS[0], payload: SEED_TICKET_IDS[0], deviceName: 'Bar 2 (renamed)', venueTime: '2026-11-24 19:05:00' });
    const send = { ticket_id: SEED_TICKET_IDS[0]!, device_name: row.deviceName, time: row.venueTime, source: 'doorlist' };
    await tonic.checkIn([send]);
    await kit.reset([device.id]); // Tonic took it, the gateway's call timed out: nothing recorded
    const resend = await tonic.checkIn([send]);
    if (!resend.ok) throw new Error('check-in through the gateway failed');
    expect(kit.upstreamCalls).toHaveLength(2);
    expect(interpretCheckIn(row, resend.value[0]!, '2026-11-24T19:05:30.000Z')).toMatchObject({ state: 'confirmed', serverResult: { result: 'already_checked_in' } });
  });
});
