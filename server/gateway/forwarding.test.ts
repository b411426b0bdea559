// Tests of forwarding over real HTTP: credentials swapped, device auth, validation before forwarding, limits, upstream failures.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEMO_EVENT_ID, DEMO_RSU_API_KEY, DEMO_RSU_API_SECRET, DEMO_TONIC_TOKEN, demoTickets, SEED_TICKET_IDS } from '../demoData.ts';
import { WINDOW_COUNTS_PATH } from '../runsignupRoutes.ts';
import { TEST_NOW } from '../testing/testServer.ts';
import { venueDate } from '../venueTime.ts';
import { GATEWAY_RSU_API_KEY } from './devices.ts';
import { bearer, checkIn, emulatorCheckIns, entriesOf, item, postJson, useGateway } from '../testing/gatewayTestKit.ts';

const [seedOne, seedTwo] = SEED_TICKET_IDS;
const rsuTicket = demoTickets().find((ticket) => ticket.runsignupTicketId !== null);

const kit = useGateway();

describe('forwarding with the gateway credentials', () => {
  it('checks in through the gateway: the upstream sees the gateway token, never the device token', async () => {
    const { token } = await kit.enrol('North gate 1');
    const reply = await checkIn(kit, token, [item(seedOne)]);
    expect(reply.status).toBe(200);
    expect(entriesOf(reply.body)).toMatchObject([{ result: 'success', ticket: { check_in_device_name: 'North gate 1' } }]);
    expect(kit.upstreamCalls).toHaveLength(1);
    const call = kit.upstreamCalls[0]!;
    expect(call.url).toBe(`${kit.harness.emulator.url}/tonic/checkin/tickets`);
    expect(call.headers.authorization).toBe(`Bearer ${DEMO_TONIC_TOKEN}`);
    expect(JSON.stringify(call)).not.toContain(token);
    expect(await emulatorCheckIns(kit)).toMatchObject([{ ticket_id: seedOne, device_name: 'North gate 1', result: 'success' }]);
  });

  it('forwards RunSignup counts with the real key in the query and the real secret in the header; the device token goes nowhere', async () => {
    const { token } = await kit.enrol('North gate 1');
    const query = new URLSearchParams({ ticket_event_id: '123', ticket_ids: String(rsuTicket?.runsignupTicketId), rsu_api_key: GATEWAY_RSU_API_KEY });
    // The app's RunSignup client: placeholder key in the query, the device token where the secret would go.
    const response = await fetch(`${kit.url}/api/runsignup${WINDOW_COUNTS_PATH}?${query}`, { headers: { 'X-RSU-API-SECRET': token } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ window_checked_in_counts: [{ ticket_id: rsuTicket?.runsignupTicketId, window_checked_in_count: 0 }] });
    const call = kit.upstreamCalls[0]!;
    const sent = new URL(call.url);
    expect(sent.searchParams.get('rsu_api_key')).toBe(DEMO_RSU_API_KEY);
    expect(call.headers['x-rsu-api-secret']).toBe(DEMO_RSU_API_SECRET);
    expect(call.url).not.toContain(DEMO_RSU_API_SECRET);
    expect(JSON.stringify(call)).not.toContain(token);
    expect(JSON.stringify(call)).not.toContain(GATEWAY_RSU_API_KEY);
  });

  it('forwards occurrences of its own event only, and passes the upstream reply through', async () => {
    const { token } = await kit.enrol('North gate 1');
    // The day the kit's clock is on (emulator and gateway share it), whatever today is.
    const today = venueDate(TEST_NOW);
    const own = await fetch(`${kit.url}/api/tonic/events/${DEMO_EVENT_ID}/occurrences?item_date_from=${today}&item_date_to=${today}`, { headers: bearer(token) });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    const other = await fetch(`${kit.url}/api/tonic/events/aaaaaaaaaaaaaaaaaaaaaaaa/occurrences?item_date_from=${today}&item_date_to=${today}`, { headers: bearer(token) });
    expect(other.status).toBe(404);
    expect(kit.upstreamCalls).toHaveLength(1);
  });

  it('forwards a booking note for a ticket it has seen and writes its audit row without the note', async () => {
    const { token, device } = await kit.enrol('North gate 1');
    const ticket = demoTickets()[0]!;
    const purchase = ticket.purchaseObjectId;
    expect((await checkIn(kit, token, [item(ticket.ticketId)])).status).toBe(200);
    const response = await fetch(`${kit.url}/api/tonic/purchases/${purchase}`, {
      method: 'PATCH',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ comments: 'Guest jane.doe@example.com asked for a wheelchair space' }),
    });
    expect(response.status).toBe(200);
    const audit = await kit.harness.gateway.gateway.store.auditLog();
    expect(audit.at(-1)).toMatchObject({ deviceId: device.id, operation: 'tonic.purchase_update', status: 200, upstreamStatus: 200 });
    expect(JSON.stringify(audit)).not.toContain('jane');
  });

  it('refuses anything that is not one of the forwarded operations, without forwarding it', async () => {
    const { token } = await kit.enrol('North gate 1');
    const reply = await postJson(`${kit.url}/api/tonic/admin/delete-everything`, {}, bearer(token));
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('no_such_operation');
    expect(kit.upstreamCalls).toHaveLength(0);
  });
});

describe('device tokens', () => {
  it.each([
    ['no token', {}],
    ['an unknown token', bearer('x'.repeat(43))],
    ['a token in the wrong scheme', { authorization: 'Basic eDp4' }],
  ])('answers 401 device_unknown with %s, and forwards nothing', async (_label, headers) => {
    await kit.enrol('North gate 1');
    const reply = await postJson(`${kit.url}/api/tonic/checkin/tickets`, { tickets: [item(seedOne)] }, headers);
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ code: 'device_unknown' });
    expect(typeof reply.body.error).toBe('string');
    expect(kit.upstreamCalls).toHaveLength(0);
    expect(await emulatorCheckIns(kit)).toEqual([]);
  });

  it('answers 403 device_revoked once the device is revoked, forwards nothing, and audits the refusal', async () => {
    const { token, device } = await kit.enrol('North gate 1');
    expect((await checkIn(kit, token, [item(seedOne)])).status).toBe(200);
    await kit.harness.gateway.gateway.revokeDevice({ name: 'North gate 1' });
    const reply = await checkIn(kit, token, [item(seedTwo)]);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'device_revoked' });
    expect(kit.upstreamCalls).toHaveLength(1);
    const counts = await fetch(`${kit.url}/api/runsignup${WINDOW_COUNTS_PATH}?ticket_event_id=123&ticket_ids=1`, { headers: { 'X-RSU-API-SECRET': token } });
    expect(counts.status).toBe(403);
    expect((await kit.harness.gateway.gateway.store.auditLog()).at(-1)).toMatchObject({ deviceId: device.id, status: 403, detail: 'device revoked' });
  });

  it('keeps one live device per name; a revoked name can be enrolled again with a new token', async () => {
    const first = await kit.enrol('North gate 1');
    await expect(kit.enrol('North gate 1')).rejects.toThrow(/already enrolled/);
    await kit.harness.gateway.gateway.revokeDevice({ id: first.device.id });
    const second = await kit.enrol('North gate 1');
    expect(second.token).not.toBe(first.token);
    expect((await checkIn(kit, second.token, [item(seedOne)])).status).toBe(200);
  });
});

describe('validation before forwarding', () => {
  it.each([
    ['not JSON', '{"tickets": [', /valid JSON/],
    ['no tickets', { async: false }, /tickets is required/],
    ['an empty batch', { tickets: [] }, /must not be empty/],
    ['a bad time', { tickets: [{ ...item(seedOne), time: '2026-11-24T19:05:00Z' }] }, /tickets\[0\]\.time must be YYYY-MM-DD HH:MM:SS/],
    ['a missing device name', { tickets: [{ ticket_id: seedOne, time: '2026-11-24 19:05:00', source: 'x' }] }, /device_name is required/],
    ['async that is not a boolean', { tickets: [item(seedOne)], async: 'yes' }, /async must be true or false/],
    ['501 tickets', { tickets: Array.from({ length: 501 }, (_, index) => item(`t${index}`)) }, /at most 500/],
  ])('answers 400 for %s and never forwards it', async (_label, body, message) => {
    const { token } = await kit.enrol('North gate 1');
    const reply = await postJson(`${kit.url}/api/tonic/checkin/tickets`, body, bearer(token));
    expect(reply.status).toBe(400);
    expect(String(reply.body.error)).toMatch(message);
    expect(kit.upstreamCalls).toHaveLength(0);
  });

  it('refuses a RunSignup secret in the URL and bad ticket ids, without forwarding', async () => {
    const { token } = await kit.enrol('North gate 1');
    const secretInUrl = await fetch(`${kit.url}/api/runsignup${WINDOW_COUNTS_PATH}?ticket_event_id=123&ticket_ids=1&rsu_api_secret=oops`, { headers: { 'X-RSU-API-SECRET': token } });
    expect(secretInUrl.status).toBe(400);
    const badIds = await fetch(`${kit.url}/api/runsignup${WINDOW_COUNTS_PATH}?ticket_event_id=123&ticket_ids=1,abc`, { headers: { 'X-RSU-API-SECRET': token } });
    expect(badIds.status).toBe(400);
    expect(kit.upstreamCalls).toHaveLength(0);
  });

  it('answers 413 for a body over the size limit, streamed or with a length, and forwards nothing', async () => {
    const { token } = await kit.enrol('North gate 1');
    const huge = JSON.stringify({ tickets: [{ ...item(seedOne), source: 'x'.repeat(1024 * 1024) }] });
    const withLength = await postJson(`${kit.url}/api/tonic/checkin/tickets`, huge, bearer(token));
    expect(withLength.status).toBe(413);
    expect(withLength.body.code).toBe('body_too_large');
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    const streamed = await fetch(`${kit.url}/api/tonic/checkin/tickets`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(kit.upstreamCalls).toHaveLength(0);
  });
});
