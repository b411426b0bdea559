// Tests of the events stream over real HTTP: live check-ins, catch-up from a cursor, heartbeats, revocation ends it.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SEED_TICKET_IDS, demoTickets } from '../demoData.ts';
import type { CheckInEventData } from './checkInFeed.ts';
import { MAX_STREAMS_PER_DEVICE, readCursor } from './eventsRoute.ts';
import { openEventStream, parseMessageBlock, type StreamMessage } from '../testing/eventStreamClient.ts';
import { bearer, checkIn, checkOut, item, useGateway } from '../testing/gatewayTestKit.ts';
import { hashDeviceToken } from './deviceTokens.ts';

const [seedOne, seedTwo] = SEED_TICKET_IDS;
const more = demoTickets().filter((ticket) => !ticket.cancelled).slice(20, 24).map((ticket) => ticket.ticketId);

const kit = useGateway({ streamTimings: { heartbeatMs: 100, revocationCheckMs: 100 } });

const isCheckin = (ticketId: string) => (message: StreamMessage) => message.event === 'checkin' && (JSON.parse(message.data) as CheckInEventData).ticketId === ticketId;
const checkinData = (messages: StreamMessage[]) => messages.filter((message) => message.event === 'checkin').map((message) => JSON.parse(message.data) as CheckInEventData);

describe('live events', () => {
  it('pushes a check-in at one door to another door at once, with its id as the cursor', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    const stream = await openEventStream(`${kit.url}/api/events`, bearer(south.token));
    expect(stream.status).toBe(200);
    await stream.waitFor((message) => message.event === 'caught-up');
    await checkIn(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 19:05:00')]);
    const event = await stream.waitFor(isCheckin(seedOne));
    const data = JSON.parse(event.data) as CheckInEventData;
    expect(data).toEqual({ seq: data.seq, ticketId: seedOne, direction: 'in', door: 'North gate 1', time: '2026-11-24 19:05:00', result: 'success' });
    expect(event.id).toBe(String(data.seq));
    await checkOut(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 20:00:00')]);
    const out = JSON.parse((await stream.waitFor((message) => message.event === 'checkin' && message.data.includes('"out"'))).data) as CheckInEventData;
    expect(out).toMatchObject({ ticketId: seedOne, direction: 'out', result: 'success' });
    expect(out.seq).toBeGreaterThan(data.seq);
    stream.close();
  });

  it('sends a queued (async) check-in as result "queued", and heartbeats while idle', async () => {
    const north = await kit.enrol('North gate 1');
    const stream = await openEventStream(`${kit.url}/api/events`, bearer(north.token));
    await checkIn(kit, north.token, [item(seedTwo)], true);
    expect(JSON.parse((await stream.waitFor(isCheckin(seedTwo))).data)).toMatchObject({ result: 'queued' });
    await stream.waitFor((message) => message.event === 'comment' && message.data.includes('heartbeat'));
    stream.close();
  });
});

describe('catch-up', () => {
  it('replays only what was missed after Last-Event-ID, then goes on live', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    const first = await openEventStream(`${kit.url}/api/events`, bearer(south.token));
    await checkIn(kit, north.token, [item(more[0]!), item(more[1]!)]);
    const seen = await first.waitFor(isCheckin(more[1]!));
    first.close(); // South gate goes offline…
    await checkIn(kit, north.token, [item(more[2]!)]);
    await checkIn(kit, north.token, [item(more[3]!)]);

    const again = await openEventStream(`${kit.url}/api/events`, { ...bearer(south.token), 'last-event-id': seen.id ?? '' });
    await again.waitFor((message) => message.event === 'caught-up');
    expect(checkinData(again.messages).map((data) => data.ticketId)).toEqual([more[2], more[3]]);
    await checkIn(kit, north.token, [item(seedOne)]);
    await again.waitFor(isCheckin(seedOne));
    expect(checkinData(again.messages).map((data) => data.ticketId)).toEqual([more[2], more[3], seedOne]);
    again.close();
  });

  it('takes the cursor as a query parameter too, and replays everything from 0', async () => {
    const north = await kit.enrol('North gate 1');
    await checkIn(kit, north.token, [item(more[0]!), item(more[1]!)]);
    const all = await openEventStream(`${kit.url}/api/events?cursor=0`, bearer(north.token));
    await all.waitFor((message) => message.event === 'caught-up');
    const data = checkinData(all.messages);
    expect(data.map((entry) => entry.ticketId)).toEqual([more[0], more[1]]);
    const fromSecond = await openEventStream(`${kit.url}/api/events?cursor=${data[0]!.seq}`, bearer(north.token));
    await fromSecond.waitFor((message) => message.event === 'caught-up');
    expect(checkinData(fromSecond.messages).map((entry) => entry.ticketId)).toEqual([more[1]]);
    all.close();
    fromSecond.close();
  });

  it('refuses a cursor that is not a number, and an unknown token, with JSON', async () => {
    const north = await kit.enrol('North gate 1');
    const bad = await fetch(`${kit.url}/api/events?cursor=abc`, { headers: bearer(north.token) });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${kit.url}/api/events`, { headers: bearer('nope') });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: 'device_unknown' });
    expect(readCursor(undefined, undefined)).toBe(0);
    expect(readCursor('17', '3')).toBe(17);
  });

  it(`allows at most ${MAX_STREAMS_PER_DEVICE} open streams per device`, async () => {
    const north = await kit.enrol('North gate 1');
    const streams = await Promise.all(Array.from({ length: MAX_STREAMS_PER_DEVICE }, () => openEventStream(`${kit.url}/api/events`, bearer(north.token))));
    const extra = await fetch(`${kit.url}/api/events`, { headers: bearer(north.token) });
    expect(extra.status).toBe(429);
    for (const stream of streams) stream.close();
  });
});

describe('revocation', () => {
  it('ends the revoked device\'s open stream with a "revoked" event at once', async () => {
    const south = await kit.enrol('South gate');
    const stream = await openEventStream(`${kit.url}/api/events`, bearer(south.token));
    await stream.waitFor((message) => message.event === 'caught-up');
    await kit.harness.gateway.gateway.revokeDevice({ name: 'South gate' });
    const revoked = await stream.waitFor((message) => message.event === 'revoked');
    expect(JSON.parse(revoked.data)).toMatchObject({ code: 'device_revoked' });
    await stream.ended;
    expect((await fetch(`${kit.url}/api/events`, { headers: bearer(south.token) })).status).toBe(403);
  });

  it('ends it too when another process (device:revoke) revoked it in the database', async () => {
    const south = await kit.enrol('South gate');
    const stream = await openEventStream(`${kit.url}/api/events`, bearer(south.token));
    await stream.waitFor((message) => message.event === 'caught-up');
    const store = kit.harness.gateway.gateway.store;
    const device = await store.findDeviceByTokenHash(hashDeviceToken(south.token));
    await store.revokeDevice(device!.id, new Date().toISOString());
    await stream.waitFor((message) => message.event === 'revoked');
    await stream.ended;
  });
});

describe('parseMessageBlock', () => {
  it('reads events, ids, multi-line data and comments', () => {
    expect(parseMessageBlock('id: 4\nevent: checkin\ndata: {"a":1}')).toEqual({ event: 'checkin', id: '4', data: '{"a":1}' });
    expect(parseMessageBlock(': heartbeat')).toEqual({ event: 'comment', id: null, data: ': heartbeat' });
    expect(parseMessageBlock('retry: 3000')).toBeNull();
  });
});
