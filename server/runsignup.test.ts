// Tests of the emulated RunSignup window-counts endpoint over real HTTP, checked against the OpenAPI document.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CORS_HEADERS } from './cors.ts';
import { DEMO_CHECKIN_API_KEY, DEMO_CHECKIN_API_SECRET, DEMO_RSU_API_KEY, DEMO_RSU_API_SECRET, demoTickets } from './demoData.ts';
import { documentedParameters, loadRunsignupDocument, responseSchema, validateSchema } from './testing/openApiCheck.ts';
import { errorReplySchema, windowCountsReplySchema } from './testing/replySchemas.ts';
import { postTonic, useTestServer, ticketItems } from './testing/testServer.ts';

const doc = loadRunsignupDocument();
const rsuTickets = demoTickets().filter((ticket) => ticket.runsignupTicketId !== null);
const RSU_HEADERS = { 'X-RSU-API-SECRET': DEMO_RSU_API_SECRET };
const RSU_AUTH = `rsu_api_key=${DEMO_RSU_API_KEY}`;

const server = useTestServer();

async function counts(query: string, headers: Record<string, string> = RSU_HEADERS) {
  const response = await fetch(`${server.url}/runsignup/v2/tickets/checkin/get-ticket-window-checked-in-counts.json?${query}`, { headers });
  const body: unknown = await response.json();
  const schema = responseSchema(doc, response.status);
  expect(schema, `the document lists status ${response.status}`).toBeDefined();
  expect(validateSchema(doc, schema, body)).toEqual([]);
  return { status: response.status, body };
}

describe('the OpenAPI checker itself', () => {
  it('rejects error bodies that break the document', () => {
    const schema = responseSchema(doc, 400);
    expect(validateSchema(doc, schema, { error: 'fine' })).toEqual([]);
    expect(validateSchema(doc, schema, {})).toEqual(['$.error is required']);
    expect(validateSchema(doc, schema, { error: 5 })).toEqual(['$.error should be string, is integer']);
    expect(validateSchema(doc, responseSchema(doc, 200), [])).toEqual(['$ should be object, is array']);
  });
});

describe('credentials', () => {
  const [first, second] = rsuTickets;
  const ids = `${first?.runsignupTicketId},${second?.runsignupTicketId}`;

  it('accepts the RunSignup key pair and the check-in key pair', async () => {
    const rsu = await counts(`ticket_event_id=123&ticket_ids=${ids}&${RSU_AUTH}`);
    expect(rsu.status).toBe(200);
    const checkin = await counts(`ticket_event_id=123&ticket_ids=${ids}&checkin_api_key=${DEMO_CHECKIN_API_KEY}`, {
      'X-CHECKIN-API-SECRET': DEMO_CHECKIN_API_SECRET,
    });
    expect(checkin.status).toBe(200);
    expect(windowCountsReplySchema.parse(checkin.body).window_checked_in_counts).toEqual([
      { ticket_id: 2148, window_checked_in_count: 0 },
      { ticket_id: 2149, window_checked_in_count: 0 },
    ]);
  });

  it.each([
    ['no key at all', 'ticket_event_id=123&ticket_ids=2148', RSU_HEADERS],
    ['a wrong key', 'ticket_event_id=123&ticket_ids=2148&rsu_api_key=nope', RSU_HEADERS],
    ['a wrong secret', `ticket_event_id=123&ticket_ids=2148&${RSU_AUTH}`, { 'X-RSU-API-SECRET': 'nope' }],
    ['no secret header', `ticket_event_id=123&ticket_ids=2148&${RSU_AUTH}`, {}],
    ['crossed pairs', `ticket_event_id=123&ticket_ids=2148&${RSU_AUTH}`, { 'X-CHECKIN-API-SECRET': DEMO_CHECKIN_API_SECRET }],
  ])('answers 401 for %s, without echoing what was sent', async (_label, query, headers) => {
    const reply = await counts(query, headers);
    expect(reply.status).toBe(401);
    const { error } = errorReplySchema.parse(reply.body);
    expect(error).not.toContain('nope');
  });

  it.each(['X-RSU-API-SECRET', 'x-checkin-api-secret', 'rsu_api_secret', 'checkin_api_secret', 'API_SECRET'])(
    'answers 400 when a secret rides in the URL as %s, even with valid headers',
    async (name) => {
      const reply = await counts(`ticket_event_id=123&ticket_ids=2148&${RSU_AUTH}&${name}=${DEMO_RSU_API_SECRET}`);
      expect(reply.status).toBe(400);
      expect(errorReplySchema.parse(reply.body).error).toBe(
        'Send the API secret in the X-RSU-API-SECRET / X-CHECKIN-API-SECRET header, never in the URL',
      );
    },
  );
});

describe('parameters', () => {
  it.each([
    ['ticket_ids=2148', 400, /^ticket_event_id is required$/],
    ['ticket_event_id=abc&ticket_ids=2148', 400, /^ticket_event_id must be a whole number$/],
    ['ticket_event_id=124&ticket_ids=2148', 404, /^Ticket event 124 not found$/],
    ['ticket_event_id=123', 400, /^ticket_ids is required/],
    ['ticket_event_id=123&ticket_ids=', 400, /^ticket_ids is required/],
    ['ticket_event_id=123&ticket_ids=2148,,2149', 400, /^ticket_ids must be comma-separated whole numbers; "" is not one$/],
    ['ticket_event_id=123&ticket_ids=2148,abc', 400, /"abc" is not one$/],
    ['ticket_event_id=123&ticket_ids=-5', 400, /"-5" is not one$/],
  ])('%s → %i', async (query, status, message) => {
    const reply = await counts(`${query}&${RSU_AUTH}`);
    expect(reply.status).toBe(status);
    expect(errorReplySchema.parse(reply.body).error).toMatch(message);
  });

  it('answers 400 whenever a parameter the document marks required is missing', async () => {
    const required = documentedParameters(doc).filter((parameter) => parameter.required && parameter.in === 'query');
    expect(required.map((parameter) => parameter.name).sort()).toEqual(['ticket_event_id', 'ticket_ids']);
    const full = new URLSearchParams({ ticket_event_id: '123', ticket_ids: '2148', rsu_api_key: DEMO_RSU_API_KEY });
    for (const parameter of required) {
      const query = new URLSearchParams(full);
      query.delete(parameter.name);
      expect((await counts(query.toString())).status, `without ${parameter.name}`).toBe(400);
    }
  });

  it('lets the browser send every header parameter the document names (CORS)', () => {
    const headerNames = documentedParameters(doc).filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name.toLowerCase());
    const allowed = (CORS_HEADERS['Access-Control-Allow-Headers'] ?? '').split(',').map((name) => name.trim());
    expect(headerNames.length).toBeGreaterThan(0);
    for (const name of headerNames) expect(allowed).toContain(name);
  });
});

describe('counts', () => {
  it('rise with each successful Tonic check-in of the ticket, re-entry included, in the order asked', async () => {
    const [first, second] = rsuTickets;
    if (!first || !second) throw new Error('demo data needs two RunSignup tickets');
    const checkIn = (ticketId: string) => postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: ticketId }]) });

    await checkIn(first.ticketId);
    await checkIn(first.ticketId); // already in: not a new entry, so no count
    await postTonic(server.url, '/checkout/tickets', { tickets: ticketItems([{ ticket_id: first.ticketId }]) });
    await checkIn(first.ticketId); // re-entry
    await checkIn(second.ticketId);

    const reply = await counts(`ticket_event_id=123&ticket_ids=${second.ticketId},999999,${first.ticketId}&${RSU_AUTH}`);
    expect(reply.status).toBe(200);
    expect(windowCountsReplySchema.parse(reply.body).window_checked_in_counts).toEqual([
      { ticket_id: second.runsignupTicketId, window_checked_in_count: 1 },
      { ticket_id: 999999, window_checked_in_count: 0 },
      { ticket_id: first.runsignupTicketId, window_checked_in_count: 2 },
    ]);

    await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    const afterReset = await counts(`ticket_event_id=123&ticket_ids=${first.ticketId}&${RSU_AUTH}`);
    expect(windowCountsReplySchema.parse(afterReset.body).window_checked_in_counts[0]?.window_checked_in_count).toBe(0);
  });
});
