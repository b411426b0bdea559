// Tests of the emulated DesignMyNight Event Guests API over real HTTP: auth, envelope, occurrences, rate limit, faults.
// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StartedServer } from './createServer.ts';
import { DEMO_CHECKED_IN_BY, DEMO_DMN_APP_ID, DEMO_DMN_KEY, DEMO_EVENT_ID, DEMO_TICKET_TYPE_IDS, SEED_TICKET_IDS, demoTickets } from './demoData.ts';
import { DEFAULT_DMN_RATE_LIMIT_PER_HOUR } from './emulatorState.ts';
import { postTonic, startTestServer, ticketItems, useTestServer } from './testing/testServer.ts';

const TODAY = '2026-11-24'; // TEST_NOW in London
const TOMORROW = '2026-11-25';
const AUTH = { authorization: `${DEMO_DMN_APP_ID}:${DEMO_DMN_KEY}` };
const HEX24 = /^[0-9a-f]{24}$/;

const ticketSchema = z.strictObject({
  _id: z.string().regex(HEX24),
  ticket_ref: z.number().int().positive(),
  reference: z.number().int(),
  checked_in: z.boolean(),
  checked_in_by: z.string().nullable(),
  guest_name: z.string().min(1),
  guest_email: z.string().includes('@'),
  refunded: z.boolean(),
  item_id: z.literal(DEMO_EVENT_ID),
  item_name: z.string().min(1),
  sub_type_id: z.string().regex(HEX24),
  sub_type_name: z.string().min(1),
});
const guestSchema = z.strictObject({
  purchaseId: z.string().regex(HEX24),
  purchaseRef: z.string().regex(/^DMN-\d+$/),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  email: z.string().includes('@'),
  phone: z.string().regex(/^\+44 7700 900\d{3}$/),
  numPeople: z.number().int().positive(),
  subType: z.string().regex(HEX24),
  subTypeName: z.string().min(1),
  checkedIn: z.boolean(),
  checkedInGuests: z.number().int().nonnegative(),
  checkedInTickets: z.array(z.string().regex(HEX24)),
  comments: z.string().nullable(),
  source: z.string(),
  ticketList: z.array(ticketSchema),
});
const envelopeSchema = z.strictObject({
  payload: z.union([z.strictObject({ guests: z.array(guestSchema) }), z.strictObject({})]),
  status: z.number().int(),
  requestTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
  responseTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
  statusText: z.string().min(1),
  url: z.string(),
  method: z.string(),
  params: z.record(z.string(), z.string()),
  error: z.string().optional(),
});

function guestsUrl(base: string, query: string, event = DEMO_EVENT_ID): string {
  return `${base}/dmn/v4/events/${event}/guests${query}`;
}

async function getGuests(base: string, query: string, headers: Record<string, string> = AUTH, event = DEMO_EVENT_ID) {
  const response = await fetch(guestsUrl(base, query, event), { headers });
  const body = envelopeSchema.parse(await response.json());
  expect(body.status, 'the envelope repeats the HTTP status').toBe(response.status);
  return { status: response.status, body, headers: response.headers };
}

const guestsOf = (body: z.infer<typeof envelopeSchema>) => ('guests' in body.payload ? body.payload.guests : []);

describe('the emulated guests endpoint', () => {
  const server = useTestServer();

  describe('tonight’s list', () => {
    it('answers the documented envelope with every demo purchase and ticket, emails and phones included (the API has them)', async () => {
      const reply = await getGuests(server.url, `?occurrence=${TODAY}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ status: 200, statusText: 'OK', method: 'GET', params: { event_id: DEMO_EVENT_ID, occurrence: TODAY } });
      expect(reply.body.requestTime).toBe('2026-11-24T18:30:00+00:00');
      expect(reply.body.url).toContain(`/dmn/v4/events/${DEMO_EVENT_ID}/guests?occurrence=${TODAY}`);
      const guests = guestsOf(reply.body);
      expect(guests).toHaveLength(server.state.catalog.purchases.length);
      expect(guests.flatMap((guest) => guest.ticketList)).toHaveLength(demoTickets().length);
    });

    it('lists each demo ticket once, as Tonic knows it: same _id, type, purchase; cancelled ones refunded; numbered from 1 per purchase', async () => {
      const guests = guestsOf((await getGuests(server.url, `?occurrence=${TODAY}`)).body);
      const byObjectId = new Map(guests.flatMap((guest) => guest.ticketList.map((ticket) => [ticket._id, { guest, ticket }] as const)));
      for (const demo of demoTickets()) {
        const entry = byObjectId.get(demo.objectId);
        expect(entry, demo.ticketId).toBeDefined();
        expect(entry?.guest.purchaseId).toBe(demo.purchaseObjectId);
        expect(entry?.ticket).toMatchObject({ refunded: demo.cancelled, guest_name: demo.guestName, sub_type_id: DEMO_TICKET_TYPE_IDS[demo.ticketType], sub_type_name: demo.ticketType });
        expect(entry?.ticket.reference).toBe(Number(demo.reference.split('-').at(-1)));
      }
      expect(guests.flatMap((guest) => guest.ticketList).filter((ticket) => ticket.refunded)).toHaveLength(5);
      for (const guest of guests) {
        expect(guest.ticketList.map((ticket) => ticket.ticket_ref)).toEqual(guest.ticketList.map((_, index) => index + 1));
        expect(guest.numPeople).toBe(guest.ticketList.length);
      }
      const seed = guests.find((guest) => guest.purchaseId === '627e095671209038d339a182');
      expect(seed).toMatchObject({ firstName: 'Adina', lastName: 'Macovei', purchaseRef: 'DMN-7930721728', checkedIn: false, checkedInGuests: 0, checkedInTickets: [] });
      expect(seed?.ticketList.map((ticket) => [ticket._id, ticket.ticket_ref])).toEqual([
        ['627e095671209038d339a184', 1],
        ['627e095671209038d339a185', 2],
      ]);
    });

    it('shows the check-ins the emulator recorded, and their undoing', async () => {
      const [first] = SEED_TICKET_IDS;
      expect((await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: first }]) })).status).toBe(200);
      const seedOf = async () => guestsOf((await getGuests(server.url, `?occurrence=${TODAY}`)).body).find((guest) => guest.purchaseId === '627e095671209038d339a182');
      const afterIn = await seedOf();
      expect(afterIn).toMatchObject({ checkedIn: true, checkedInGuests: 1, checkedInTickets: ['627e095671209038d339a184'] });
      expect(afterIn?.ticketList.map((ticket) => [ticket.checked_in, ticket.checked_in_by])).toEqual([
        [true, DEMO_CHECKED_IN_BY],
        [false, null],
      ]);
      expect((await postTonic(server.url, '/checkout/tickets', { tickets: ticketItems([{ ticket_id: first }]) })).status).toBe(200);
      expect(await seedOf()).toMatchObject({ checkedIn: false, checkedInGuests: 0, checkedInTickets: [] });
    });

    it('shows a booking note set through Tonic as the purchase’s comments', async () => {
      const patched = await fetch(`${server.url}/tonic/purchases/627e095671209038d339a182`, {
        method: 'PATCH',
        headers: { authorization: 'Bearer demo-token', 'content-type': 'application/json' },
        body: JSON.stringify({ comments: 'Wheelchair user' }),
      });
      expect(patched.status).toBe(200);
      const guests = guestsOf((await getGuests(server.url, `?occurrence=${TODAY}`)).body);
      expect(guests.find((guest) => guest.purchaseId === '627e095671209038d339a182')?.comments).toBe('Wheelchair user');
    });
  });

  describe('a refund at the box office (/__control/refund)', () => {
    it('shows the ticket refunded on the list and makes Tonic answer its check-in cancelled', async () => {
      const [first] = SEED_TICKET_IDS;
      const refunded = await fetch(`${server.url}/__control/refund`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketId: first }) });
      expect(await refunded.json()).toEqual({ ticketId: first, refunded: true });
      const seed = guestsOf((await getGuests(server.url, `?occurrence=${TODAY}`)).body).find((guest) => guest.purchaseId === '627e095671209038d339a182');
      expect(seed?.ticketList.map((ticket) => ticket.refunded)).toEqual([true, false]);
      const checkIn = await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: first }]) });
      expect((checkIn.body as { check_ins: Array<Array<{ result: string }>> }).check_ins.flat().map((entry) => entry.result)).toEqual(['cancelled']);
    });

    it('names what is wrong with a bad request, and an unknown ticket', async () => {
      const post = (body: string) => fetch(`${server.url}/__control/refund`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect((await post('{"ticketId": ""}')).status).toBe(400);
      expect((await post('{"ticket": "x"}')).status).toBe(400);
      const unknown = await post('{"ticketId": "nope"}');
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ error: 'ticketId: no demo ticket has this id' });
    });
  });

  describe('occurrences', () => {
    it('answers tomorrow, an occurrence Tonic lists with no demo sales, with an empty list', async () => {
      const reply = await getGuests(server.url, `?occurrence=${TOMORROW}`);
      expect(reply.status).toBe(200);
      expect(reply.body.payload).toEqual({ guests: [] });
    });

    it.each(['2026-11-23', '2026-11-26', '2027-11-24'])('answers 404 for %s, a date the event does not run (not an empty list)', async (date) => {
      const reply = await getGuests(server.url, `?occurrence=${date}`);
      expect(reply.status).toBe(404);
      expect(reply.body.error).toBe(`The event has no occurrence on ${date}`);
      expect(reply.body.payload).toEqual({});
    });

    it.each([
      ['no occurrence', '', 'occurrence is required (YYYY-MM-DD)'],
      ['an empty occurrence', '?occurrence=', 'occurrence is required (YYYY-MM-DD)'],
      ['an impossible date', '?occurrence=2026-02-30', 'occurrence must be a date as YYYY-MM-DD'],
      ['a word', '?occurrence=tonight', 'occurrence must be a date as YYYY-MM-DD'],
      ['another date format', '?occurrence=24/11/2026', 'occurrence must be a date as YYYY-MM-DD'],
    ])('answers 400 for %s', async (_label, query, message) => {
      const reply = await getGuests(server.url, query);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ status: 400, statusText: 'Bad Request', error: message, payload: {} });
    });

    it('answers 404 for another event', async () => {
      const reply = await getGuests(server.url, `?occurrence=${TODAY}`, AUTH, '0123456789abcdef01234567');
      expect(reply.status).toBe(404);
      expect(reply.body.error).toBe('Event not found');
    });

    it('answers 405 for a method other than GET', async () => {
      const response = await fetch(guestsUrl(server.url, `?occurrence=${TODAY}`), { method: 'POST', headers: AUTH });
      expect(response.status).toBe(405);
      expect(envelopeSchema.parse(await response.json()).statusText).toBe('Method Not Allowed');
    });
  });

  describe('auth', () => {
    it.each([
      ['no Authorization header', {}, 'Missing Authorization header (send <app id>:<key>)'],
      ['an empty one', { authorization: ' ' }, 'Missing Authorization header (send <app id>:<key>)'],
      ['a wrong key', { authorization: `${DEMO_DMN_APP_ID}:secret-guess-123` }, 'App id or key is wrong'],
      ['a wrong app id', { authorization: `other-app:${DEMO_DMN_KEY}` }, 'App id or key is wrong'],
      ['the Tonic bearer token', { authorization: 'Bearer demo-token' }, 'App id or key is wrong'],
      ['the pair as a bearer token', { authorization: `Bearer ${DEMO_DMN_APP_ID}:${DEMO_DMN_KEY}` }, 'App id or key is wrong'],
    ])('answers 401 for %s, without echoing it', async (_label, headers, message) => {
      const reply = await getGuests(server.url, `?occurrence=${TODAY}`, headers);
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ error: message, payload: {}, statusText: 'Unauthorized' });
      expect(JSON.stringify(reply.body)).not.toContain('secret-guess-123');
    });
  });

  describe('rate limit', () => {
    const limitHeaders = (headers: Headers) => ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'].map((name) => headers.get(name));
    const setLimit = (rateLimitPerHour: unknown) =>
      fetch(`${server.url}/__control/dmn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rateLimitPerHour }) });

    it('sends the limit headers on every reply, counting down per app id to the next clock hour', async () => {
      const reset = '2026-11-24T19:00:00.000Z';
      const limit = String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR);
      expect(limitHeaders((await getGuests(server.url, `?occurrence=${TODAY}`)).headers)).toEqual([limit, String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR - 1), reset]);
      expect(limitHeaders((await getGuests(server.url, '?occurrence=bad')).headers)).toEqual([limit, String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR - 2), reset]);
      expect(limitHeaders((await getGuests(server.url, `?occurrence=${TODAY}`, AUTH, 'f'.repeat(24))).headers)).toEqual([limit, String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR - 3), reset]);
      // Another app id (even one with a wrong key) has its own allowance.
      const other = await getGuests(server.url, `?occurrence=${TODAY}`, { authorization: 'other-app:nope' });
      expect(other.status).toBe(401);
      expect(limitHeaders(other.headers)).toEqual([limit, String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR - 1), reset]);
    });

    it('answers 429 over the limit, without spending more, and a reset restores the default', async () => {
      expect((await setLimit(2)).status).toBe(200);
      expect((await getGuests(server.url, `?occurrence=${TODAY}`)).status).toBe(200);
      const last = await getGuests(server.url, `?occurrence=${TODAY}`);
      expect(last.status).toBe(200);
      expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const over = await getGuests(server.url, `?occurrence=${TODAY}`);
        expect(over.status).toBe(429);
        expect(over.body).toMatchObject({ status: 429, statusText: 'Too Many Requests', payload: {} });
        expect(over.body.error).toContain('2026-11-24T19:00:00.000Z');
        expect(limitHeaders(over.headers)).toEqual(['2', '0', '2026-11-24T19:00:00.000Z']);
      }
      // Over the limit, even a wrong key gets 429: guessing keys is throttled too.
      expect((await getGuests(server.url, `?occurrence=${TODAY}`, { authorization: `${DEMO_DMN_APP_ID}:guess` })).status).toBe(429);
      expect((await getGuests(server.url, `?occurrence=${TODAY}`, { authorization: 'someone-else:guess' })).status).toBe(401);

      await fetch(`${server.url}/__control/reset`, { method: 'POST' });
      const fresh = await getGuests(server.url, `?occurrence=${TODAY}`);
      expect(fresh.status).toBe(200);
      expect(limitHeaders(fresh.headers)).toEqual([String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR), String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR - 1), '2026-11-24T19:00:00.000Z']);
    });

    it.each([[0], [-1], [1.5], ['10'], [null]])('refuses rateLimitPerHour %j with 400 and keeps the limit', async (value) => {
      const response = await setLimit(value);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/rateLimitPerHour/);
      expect((await getGuests(server.url, `?occurrence=${TODAY}`)).headers.get('x-ratelimit-limit')).toBe(String(DEFAULT_DMN_RATE_LIMIT_PER_HOUR));
    });
  });

  describe('fault injection and CORS', () => {
    const setFaults = (faults: unknown) =>
      fetch(`${server.url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

    it('answers a forced status, then the real reply, and logs both', async () => {
      await setFaults({ failNext: { status: 503, count: 1, path: '/dmn', retryAfterSeconds: 30 } });
      const forced = await fetch(guestsUrl(server.url, `?occurrence=${TODAY}`), { headers: AUTH });
      expect(forced.status).toBe(503);
      expect(forced.headers.get('retry-after')).toBe('30');
      expect((await getGuests(server.url, `?occurrence=${TODAY}`)).status).toBe(200);
      const log = (await (await fetch(`${server.url}/__control/requests`)).json()) as { requests: Array<{ path: string; status: number | null }> };
      expect(log.requests).toEqual([
        { method: 'GET', path: `/dmn/v4/events/${DEMO_EVENT_ID}/guests`, status: 503, answeredAt: expect.any(String) },
        { method: 'GET', path: `/dmn/v4/events/${DEMO_EVENT_ID}/guests`, status: 200, answeredAt: expect.any(String) },
      ]);
    });

    it('drops the connection when asked, and answers a captive-portal page when asked', async () => {
      await setFaults({ dropNext: { count: 1, path: '/dmn' }, malformedNext: { count: 1, path: '/dmn' } });
      await expect(fetch(guestsUrl(server.url, `?occurrence=${TODAY}`), { headers: AUTH })).rejects.toThrow();
      const portal = await fetch(guestsUrl(server.url, `?occurrence=${TODAY}`), { headers: AUTH });
      expect(portal.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await getGuests(server.url, `?occurrence=${TODAY}`)).status).toBe(200);
    });

    it('lets a page on another origin call it and read the limit headers', async () => {
      const preflight = await fetch(guestsUrl(server.url, `?occurrence=${TODAY}`), {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      const reply = await getGuests(server.url, `?occurrence=${TODAY}`, { ...AUTH, origin: 'http://127.0.0.1:5173' });
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
      const exposed = (reply.headers.get('access-control-expose-headers') ?? '').split(',').map((name) => name.trim());
      expect(exposed).toEqual(expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']));
      expect(reply.headers.get('date')).toBe('Tue, 24 Nov 2026 18:30:00 GMT');
    });
  });
});

describe('the hourly window on a moving clock', () => {
  let now = new Date('2026-11-24T18:59:59.000Z');
  let server: StartedServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: () => now });
  });
  afterAll(() => server.close());

  it('starts a fresh allowance at the clock hour, with the next hour as reset', async () => {
    server.state.dmnRateLimitPerHour = 1;
    expect((await getGuests(server.url, `?occurrence=${TODAY}`)).status).toBe(200);
    const over = await getGuests(server.url, `?occurrence=${TODAY}`);
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-reset')).toBe('2026-11-24T19:00:00.000Z');
    now = new Date('2026-11-24T19:00:00.000Z');
    const next = await getGuests(server.url, `?occurrence=${TODAY}`);
    expect(next.status).toBe(200);
    expect([next.headers.get('x-ratelimit-remaining'), next.headers.get('x-ratelimit-reset')]).toEqual(['0', '2026-11-24T20:00:00.000Z']);
  });
});
