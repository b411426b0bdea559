// Tests of the emulated Tonic check-in and check-out endpoints over real HTTP: auth, validation, per-ticket results.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { demoTickets, SEED_TICKET_IDS } from './demoData.ts';
import { checkInReplySchema, checkOutReplySchema, checkinsLogSchema, checkoutsLogSchema, errorReplySchema, queuedReplySchema } from './testing/replySchemas.ts';
import { getJson, postTonic, useTestServer, ticketItems, TONIC_HEADERS, waitFor } from './testing/testServer.ts';

const tickets = demoTickets();
const cancelled = tickets.find((ticket) => ticket.cancelled);
const plain = tickets.filter((ticket) => !ticket.cancelled && ticket.runsignupTicketId === null).slice(5, 8);
const [seedOne, seedTwo] = SEED_TICKET_IDS;
const UNKNOWN_ID = '000000000000000000000000.000000000000000000000000.1';

const server = useTestServer();

describe('auth', () => {
  const body = { tickets: ticketItems([{ ticket_id: seedOne }]) };

  it.each([
    ['no authorization header', { 'content-type': 'application/json' }],
    ['a wrong token', { ...TONIC_HEADERS, authorization: 'Bearer not-the-token' }],
    ['a token without the Bearer scheme', { ...TONIC_HEADERS, authorization: 'demo-token' }],
    ['Basic auth', { ...TONIC_HEADERS, authorization: 'Basic ZGVtbzpkZW1v' }],
  ])('answers 401 with %s and checks nobody in', async (_label, headers) => {
    const reply = await postTonic(server.url, '/checkin/tickets', body, headers);
    expect(reply.status).toBe(401);
    expect(errorReplySchema.parse(reply.body).error).toBe('Invalid or missing bearer token');
    expect(checkinsLogSchema.parse((await getJson(`${server.url}/__control/checkins`)).body).checkins).toEqual([]);
  });

  it('accepts the scheme in any case', async () => {
    const reply = await postTonic(server.url, '/checkin/tickets', body, { ...TONIC_HEADERS, authorization: 'bearer demo-token' });
    expect(reply.status).toBe(200);
  });
});

describe('validation', () => {
  const good = ticketItems([{ ticket_id: seedOne }, { ticket_id: seedTwo }, { ticket_id: seedOne }]);

  it.each([
    ['a body that is not JSON', '{"tickets": [', /^body must be valid JSON/],
    ['a JSON array', [], /^body must be a JSON object$/],
    ['no tickets', {}, /^tickets is required$/],
    ['tickets that are not an array', { tickets: 'abc' }, /^tickets must be an array$/],
    ['an empty batch', { tickets: [] }, /^tickets must not be empty$/],
    ['501 tickets', { tickets: ticketItems(Array.from({ length: 501 }, () => ({ ticket_id: seedOne }))) }, /^tickets must have at most 500 items$/],
    ['a time with an offset', { tickets: good.map((item, index) => (index === 2 ? { ...item, time: '2026-11-24T19:05:00Z' } : item)) }, /^tickets\[2\]\.time must be YYYY-MM-DD HH:MM:SS$/],
    ['a missing device name', { tickets: [{ ticket_id: seedOne, time: '2026-11-24 19:05:00', source: 's' }] }, /^tickets\[0\]\.device_name is required$/],
    ['a numeric ticket id', { tickets: [{ ...good[0], ticket_id: 2148 }] }, /^tickets\[0\]\.ticket_id must be a string$/],
    ['async that is not a boolean', { tickets: good, async: 'yes' }, /^async must be true or false$/],
  ])('answers 400 for %s, naming the field', async (_label, body, message) => {
    const response = await fetch(`${server.url}/tonic/checkin/tickets`, {
      method: 'POST',
      headers: TONIC_HEADERS,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(errorReplySchema.parse(await response.json()).error).toMatch(message);
  });

  it('counts further problems after the first', async () => {
    const reply = await postTonic(server.url, '/checkin/tickets', { tickets: [{ ticket_id: 1, device_name: 2, time: 'x', source: 's' }] });
    expect(errorReplySchema.parse(reply.body).error).toBe('tickets[0].ticket_id must be a string (and 2 more problems)');
  });
});

describe('check-in results', () => {
  it('answers each ticket of a mixed batch in order, keeping the first check-in on a repeat', async () => {
    if (!cancelled) throw new Error('demo data has no cancelled ticket');
    const first = await postTonic(server.url, '/checkin/tickets', {
      tickets: ticketItems([{ ticket_id: seedOne, device_name: 'North gate 2', time: '2026-11-24 19:01:02', source: 'first-app' }]),
    });
    expect(checkInReplySchema.parse(first.body).check_ins[0]?.[0]).toMatchObject({
      _id: '627e095671209038d339a184',
      result: 'success',
      ticket: {
        reference: 'DMN-7930721728-176',
        guest_name: 'Adina Macovei',
        checked_in: { date: '2026-11-24 19:01:02.000000', timezone_type: 3, timezone: 'Europe/London' },
        checked_in_by: '5cac72c02cfe5f6cd1437823',
        check_in_device_name: 'North gate 2',
        check_in_source: 'first-app',
      },
    });

    const mixed = await postTonic(server.url, '/checkin/tickets', {
      tickets: ticketItems([
        { ticket_id: seedTwo, device_name: 'Side door', time: '2026-11-24 19:10:00' },
        { ticket_id: seedOne, device_name: 'Side door', time: '2026-11-24 19:10:01' },
        { ticket_id: UNKNOWN_ID },
        { ticket_id: cancelled.ticketId },
      ]),
    });
    expect(mixed.status).toBe(200);
    const entries = checkInReplySchema.parse(mixed.body).check_ins[0] ?? [];
    expect(entries.map((entry) => entry.result)).toEqual(['success', 'already_checked_in', 'not_found', 'cancelled']);
    expect(entries[0]).toMatchObject({ _id: '627e095671209038d339a185', ticket: { check_in_device_name: 'Side door' } });
    expect(entries[1]).toMatchObject({
      ticket: { checked_in: { date: '2026-11-24 19:01:02.000000' }, check_in_device_name: 'North gate 2', check_in_source: 'first-app' },
    });
    expect(entries[2]).toEqual({ _id: null, result: 'not_found', message: 'Ticket not found' });
    expect(entries[3]).toMatchObject({ _id: cancelled.objectId, ticket: { reference: cancelled.reference, checked_in: null } });
  });

  it('treats the same ticket twice in one batch as in, then already in', async () => {
    const reply = await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: seedOne }, { ticket_id: seedOne }]) });
    expect((checkInReplySchema.parse(reply.body).check_ins[0] ?? []).map((entry) => entry.result)).toEqual(['success', 'already_checked_in']);
  });

  it('answers 404 when no ticket of the batch is known, and still logs what arrived', async () => {
    const reply = await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: UNKNOWN_ID }, { ticket_id: 'nope' }]) });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: 'Tickets not found' });
    const log = checkinsLogSchema.parse((await getJson(`${server.url}/__control/checkins`)).body).checkins;
    expect(log.map((entry) => [entry.ticket_id, entry.result])).toEqual([[UNKNOWN_ID, 'not_found'], ['nope', 'not_found']]);
  });

  it('logs every item with what it was given, in arrival order', async () => {
    const ids = plain.map((ticket) => ticket.ticketId);
    await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems(ids.map((ticket_id) => ({ ticket_id, device_name: 'Log door' }))) });
    const log = checkinsLogSchema.parse((await getJson(`${server.url}/__control/checkins`)).body).checkins;
    expect(log.map((entry) => entry.ticket_id)).toEqual(ids);
    expect(log[0]).toMatchObject({ device_name: 'Log door', time: '2026-11-24 19:05:00', source: 'doorlist-test', async: false, result: 'success' });
  });
});

describe('async check-in', () => {
  it('replies at once with the queued count, and processes the batch afterwards', async () => {
    const ids = plain.map((ticket) => ticket.ticketId);
    const reply = await postTonic(server.url, '/checkin/tickets', { async: true, tickets: ticketItems(ids.map((ticket_id) => ({ ticket_id }))) });
    expect(reply.status).toBe(200);
    expect(queuedReplySchema.parse(reply.body)).toEqual({ check_ins: [], queued: 3 });

    const log = await waitFor(async () => {
      const entries = checkinsLogSchema.parse((await getJson(`${server.url}/__control/checkins`)).body).checkins;
      return entries.length === 3 ? entries : undefined;
    });
    expect(log.every((entry) => entry.async && entry.result === 'success')).toBe(true);

    const again = await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: ids[0] ?? '' }]) });
    expect(checkInReplySchema.parse(again.body).check_ins[0]?.[0]?.result).toBe('already_checked_in');
  });
});

describe('check-out', () => {
  it('clears the check-in so the guest can come back in (re-entry)', async () => {
    await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: seedOne, time: '2026-11-24 19:00:00' }]) });
    const out = await postTonic(server.url, '/checkout/tickets', { tickets: ticketItems([{ ticket_id: seedOne }, { ticket_id: UNKNOWN_ID }]) });
    expect(out.status).toBe(200);
    expect(checkOutReplySchema.parse(out.body).check_outs).toEqual([
      [
        { _id: '627e095671209038d339a184', reference: 'DMN-7930721728-176', checked_in: null },
        { _id: null, result: 'not_found', message: 'Ticket not found' },
      ],
    ]);
    const back = await postTonic(server.url, '/checkin/tickets', {
      tickets: ticketItems([{ ticket_id: seedOne, time: '2026-11-24 21:30:00', device_name: 'Re-entry' }]),
    });
    const entry = checkInReplySchema.parse(back.body).check_ins[0]?.[0];
    expect(entry).toMatchObject({ result: 'success', ticket: { checked_in: { date: '2026-11-24 21:30:00.000000' }, check_in_device_name: 'Re-entry' } });

    const log = checkoutsLogSchema.parse((await getJson(`${server.url}/__control/checkouts`)).body).checkouts;
    expect(log.map((item) => item.result)).toEqual(['success', 'not_found']);
  });

  it('answers 404 when every ticket is unknown, and 401 without the token', async () => {
    const unknown = await postTonic(server.url, '/checkout/tickets', { tickets: ticketItems([{ ticket_id: UNKNOWN_ID }]) });
    expect(unknown.status).toBe(404);
    expect(errorReplySchema.parse(unknown.body).error).toBe('Tickets not found');
    const unauthorised = await postTonic(server.url, '/checkout/tickets', { tickets: ticketItems([{ ticket_id: seedOne }]) }, {});
    expect(unauthorised.status).toBe(401);
  });
});
