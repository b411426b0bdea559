// Tests of the shared memory of the door over real HTTP: a ticket in at one door is answered at another without Tonic.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEMO_TONIC_TOKEN, demoTickets, SEED_TICKET_IDS } from '../demoData.ts';
import { ANSWERED_BY_GATEWAY } from './sharedMemory.ts';
import { checkIn, checkOut, emulatorCheckIns, entriesOf, item, postJson, useGateway } from '../testing/gatewayTestKit.ts';

const [seedOne, seedTwo] = SEED_TICKET_IDS;
const others = demoTickets().filter((ticket) => !ticket.cancelled && ticket.runsignupTicketId === null).slice(10, 13).map((ticket) => ticket.ticketId);
const UNKNOWN = '000000000000000000000000.000000000000000000000000.1';

const kit = useGateway();

/** The tickets the gateway sent upstream, request by request. */
const forwardedTickets = () => kit.upstreamCalls.map((call) => (JSON.parse(call.body ?? '{}') as { tickets: { ticket_id: string }[] }).tickets.map((sent) => sent.ticket_id));

describe('a ticket already in at another door', () => {
  it('is answered by the gateway with the first door and time; only the rest of the batch is forwarded, replies in request order', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    expect((await checkIn(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 19:05:00')])).status).toBe(200);

    const reply = await checkIn(kit, south.token, [item(seedOne, 'South gate', '2026-11-24 19:06:10'), item(seedTwo, 'South gate', '2026-11-24 19:06:11')]);
    expect(reply.status).toBe(200);
    const [first, second] = entriesOf(reply.body);
    expect(first).toMatchObject({
      result: 'already_checked_in',
      answered_by: ANSWERED_BY_GATEWAY,
      ticket: { checked_in: { date: '2026-11-24 19:05:00.000000', timezone: 'Europe/London' }, check_in_device_name: 'North gate 1' },
    });
    // The gateway also learned the ticket's own id and reference from Tonic's first answer.
    expect(first?._id).toMatch(/^[0-9a-f]{24}$/);
    expect(second).toMatchObject({ result: 'success', ticket: { check_in_device_name: 'South gate' } });
    expect(forwardedTickets()).toEqual([[seedOne], [seedTwo]]);
    expect((await emulatorCheckIns(kit)).map((entry) => entry.ticket_id)).toEqual([seedOne, seedTwo]);
    expect((await kit.harness.gateway.gateway.store.auditLog()).at(-1)).toMatchObject({ itemCount: 2, answeredByGateway: 1, status: 200 });
  });

  it('answers a whole batch of known tickets without calling Tonic at all', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    await checkIn(kit, north.token, [item(seedOne), item(seedTwo)]);
    kit.upstreamCalls.length = 0;
    const reply = await checkIn(kit, south.token, [item(seedTwo, 'South gate'), item(seedOne, 'South gate')]);
    expect(entriesOf(reply.body).map((entry) => entry.result)).toEqual(['already_checked_in', 'already_checked_in']);
    expect(kit.upstreamCalls).toEqual([]);
  });

  it('counts a check-in Tonic took with async: true', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    const queued = await checkIn(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 19:01:00')], true);
    expect(queued.status).toBe(200);
    const reply = await checkIn(kit, south.token, [item(seedOne, 'South gate', '2026-11-24 19:02:00')]);
    expect(entriesOf(reply.body)).toMatchObject([{ result: 'already_checked_in', ticket: { check_in_device_name: 'North gate 1', checked_in: { date: '2026-11-24 19:01:00.000000' } } }]);
    expect(forwardedTickets()).toEqual([[seedOne]]);
    const movements = await kit.harness.gateway.gateway.store.movementsAfter(0, 10);
    expect(movements).toMatchObject([{ ticketId: seedOne, result: 'queued', isAsync: true, door: 'North gate 1' }]);
  });

  it('withholds already-in tickets from an async batch too', async () => {
    const north = await kit.enrol('North gate 1');
    await checkIn(kit, north.token, [item(seedOne)]);
    const south = await kit.enrol('South gate');
    const reply = await checkIn(kit, south.token, [item(seedOne, 'South gate'), item(seedTwo, 'South gate')], true);
    expect(reply.status).toBe(200);
    expect(forwardedTickets()).toEqual([[seedOne], [seedTwo]]);
  });

  it('learns a check-in made outside the gateway from Tonic\'s "already in" answer', async () => {
    // Someone checks the ticket in directly at Tonic (here: the emulator), not through this gateway.
    await postJson(`${kit.harness.emulator.url}/tonic/checkin/tickets`, { tickets: [item(seedOne, 'Box office', '2026-11-24 18:50:00')] }, { authorization: `Bearer ${DEMO_TONIC_TOKEN}` });
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    const first = await checkIn(kit, north.token, [item(seedOne)]);
    expect(entriesOf(first.body)).toMatchObject([{ result: 'already_checked_in', ticket: { check_in_device_name: 'Box office' } }]);
    kit.upstreamCalls.length = 0;
    const second = await checkIn(kit, south.token, [item(seedOne, 'South gate')]);
    expect(entriesOf(second.body)).toMatchObject([{ result: 'already_checked_in', answered_by: ANSWERED_BY_GATEWAY, ticket: { check_in_device_name: 'Box office', checked_in: { date: '2026-11-24 18:50:00.000000' } } }]);
    expect(kit.upstreamCalls).toEqual([]);
  });
});

describe('exactly once', () => {
  it('answers a device resending its own check-in (same door, same time) as Tonic would, so the app confirms it, and Tonic sees it once', async () => {
    const north = await kit.enrol('North gate 1');
    const scan = item(seedOne, 'North gate 1', '2026-11-24 19:05:00');
    const original = await checkIn(kit, north.token, [scan]);
    expect(entriesOf(original.body)).toMatchObject([{ result: 'success' }]);
    // The reply was lost on the way back; the app sends the same scan again.
    const resend = await checkIn(kit, north.token, [scan]);
    const [entry] = entriesOf(resend.body);
    // What the app's interpretCheckIn confirms on: "already in" naming this very door and scan time.
    expect(entry).toMatchObject({ result: 'already_checked_in', ticket: { check_in_device_name: scan.device_name } });
    expect(String((entry?.ticket as { checked_in: { date: string } }).checked_in.date).slice(0, 19)).toBe(scan.time);
    expect((await emulatorCheckIns(kit)).filter((entry) => entry.ticket_id === seedOne)).toHaveLength(1);
  });

  it('tells a later scan by the same door apart from a resend (its time differs from the first check-in)', async () => {
    const north = await kit.enrol('North gate 1');
    await checkIn(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 19:05:00')]);
    const again = await checkIn(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 19:40:00')]);
    expect(entriesOf(again.body)).toMatchObject([{ result: 'already_checked_in', ticket: { checked_in: { date: '2026-11-24 19:05:00.000000' } } }]);
  });

  it('lets Tonic decide between two doors that send the same ticket at the same moment', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    const [a, b] = await Promise.all([
      checkIn(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 19:05:00')]),
      checkIn(kit, south.token, [item(seedOne, 'South gate', '2026-11-24 19:05:01')]),
    ]);
    const results = [...entriesOf(a.body), ...entriesOf(b.body)].map((entry) => entry.result).sort();
    expect(results).toEqual(['already_checked_in', 'success']);
    expect((await emulatorCheckIns(kit)).filter((entry) => entry.result === 'success')).toHaveLength(1);
  });
});

describe('check-out and re-entry', () => {
  it('forwards a check-out, forgets the check-in, and lets the guest back in at any door', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    await checkIn(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 19:05:00')]);
    const out = await checkOut(kit, north.token, [item(seedOne, 'North gate 1', '2026-11-24 20:00:00')]);
    expect(out.status).toBe(200);
    expect(entriesOf(out.body, 'check_outs')).toMatchObject([{ checked_in: null }]);
    const back = await checkIn(kit, south.token, [item(seedOne, 'South gate', '2026-11-24 20:30:00')]);
    expect(entriesOf(back.body)).toMatchObject([{ result: 'success', ticket: { check_in_device_name: 'South gate' } }]);
    expect((await emulatorCheckIns(kit)).filter((entry) => entry.ticket_id === seedOne).map((entry) => entry.result)).toEqual(['success', 'success']);
  });
});

describe('unknown tickets', () => {
  it('passes Tonic\'s 404 through for a batch of only unknown tickets', async () => {
    const north = await kit.enrol('North gate 1');
    const reply = await checkIn(kit, north.token, [item(UNKNOWN)]);
    expect(reply.status).toBe(404);
    expect(await kit.harness.gateway.gateway.store.movementsAfter(0, 10)).toMatchObject([{ ticketId: UNKNOWN, result: 'not_found' }]);
  });

  it('turns the 404 into per-ticket "not found" entries when the gateway answered the rest of the batch', async () => {
    const north = await kit.enrol('North gate 1');
    const south = await kit.enrol('South gate');
    await checkIn(kit, north.token, [item(others[0]!)]);
    const reply = await checkIn(kit, south.token, [item(UNKNOWN, 'South gate'), item(others[0]!, 'South gate')]);
    expect(reply.status).toBe(200);
    expect(entriesOf(reply.body).map((entry) => entry.result)).toEqual(['not_found', 'already_checked_in']);
  });
});
