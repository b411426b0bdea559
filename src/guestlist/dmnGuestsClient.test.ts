// Tests of the guests client over real HTTP against the emulator, on one injected clock shared with it: the list without
// emails or phones, errors as values, and no call before the rate limit's reset.
// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DMN_APP_ID, DEMO_DMN_KEY, DEMO_EVENT_ID, demoTickets } from '../../server/demoData.ts';
import { TEST_NOW, useTestServer } from '../../server/testing/testServer.ts';
import type { FetchLike } from '../api/httpRequest.ts';
import { createDmnGuestsClient, FALLBACK_RATE_LIMIT_WAIT_MS, type DmnGuestsClientConfig } from './dmnGuestsClient.ts';

const TODAY = '2026-11-24';
const RESET = '2026-11-24T19:00:00.000Z'; // the clock hour after TEST_NOW (18:30Z)

let now = TEST_NOW;
const clock = (): Date => now;
const server = useTestServer({ clock });

/** Real fetch, counted: the rate-limit tests assert on calls that never went out. */
function countingFetch(): { fetch: FetchLike; calls: () => number } {
  let calls = 0;
  return {
    fetch: (url, init) => {
      calls += 1;
      return fetch(url, init);
    },
    calls: () => calls,
  };
}

function client(overrides: Partial<DmnGuestsClientConfig> = {}, fetchImpl: FetchLike = fetch) {
  const config: DmnGuestsClientConfig = { baseUrl: `${server.url}/dmn`, appId: DEMO_DMN_APP_ID, key: DEMO_DMN_KEY, eventId: DEMO_EVENT_ID, ...overrides };
  return createDmnGuestsClient(config, fetchImpl, clock);
}

const post = (path: string, body: unknown) =>
  fetch(`${server.url}/__control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeEach(() => {
  now = TEST_NOW;
});

describe('fetching a list', () => {
  it('returns every purchase and ticket of tonight, without a single email or phone number', async () => {
    const result = await client().fetchGuests(TODAY);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.eventId).toBe(DEMO_EVENT_ID);
    expect(result.value.occurrence).toBe(TODAY);
    expect(result.value.purchases).toHaveLength(server.state.catalog.purchases.length);
    expect(result.value.purchases.flatMap((purchase) => purchase.tickets)).toHaveLength(demoTickets().length);
    const text = JSON.stringify(result.value);
    // Booleans, not the text: a failure must not print the whole list.
    expect(text.includes('@'), 'an email address reached the list').toBe(false);
    expect(text.includes('+44 7700 900'), 'a phone number reached the list').toBe(false);
    expect(/email|phone/i.test(text), 'an email or phone field reached the list').toBe(false);
    expect(result.value.purchases.find((purchase) => purchase.purchaseId === '627e095671209038d339a182')).toEqual({
      purchaseId: '627e095671209038d339a182',
      purchaseRef: 'DMN-7930721728',
      firstName: 'Adina',
      lastName: 'Macovei',
      numPeople: 2,
      subTypeName: 'General admission',
      checkedInGuests: 0,
      comments: null,
      tickets: [1, 2].map((ticketRef) => ({
        id: `627e095671209038d339a18${3 + ticketRef}`,
        ticketRef,
        reference: 175 + ticketRef,
        guestName: 'Adina Macovei',
        checkedIn: false,
        refunded: false,
        itemId: DEMO_EVENT_ID,
        itemName: 'Doorlist Demo Night',
        subTypeId: '627cb97471209027347177dc',
        subTypeName: 'General admission',
      })),
    });
  });

  it.each([
    ['a wrong key', { key: 'nope' }, TODAY, 'auth', 401],
    ['another event', { eventId: 'f'.repeat(24) }, TODAY, 'notFound', 404],
    ['a date the event does not run', {}, '2026-12-25', 'notFound', 404],
    ['an impossible date', {}, '2026-02-30', 'badRequest', 400],
  ])('returns %s as an error value with its kind', async (_label, overrides, occurrence, kind, status) => {
    const result = await client(overrides).fetchGuests(occurrence);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind, status, retryAt: null });
    expect(result.error.message).not.toContain('nope');
  });

  it.each([
    ['a date in another format', DEMO_EVENT_ID, '24/11/2026', 'is not a date as YYYY-MM-DD'],
    ['an event id that is not one', 'my-event', TODAY, 'needs the event id'],
  ])('refuses %s without calling', async (_label, eventId, occurrence, message) => {
    const counted = countingFetch();
    const result = await client({ eventId }, counted.fetch).fetchGuests(occurrence);
    expect(result.ok ? null : result.error.kind).toBe('badRequest');
    expect(result.ok ? '' : result.error.message).toContain(message);
    expect(counted.calls()).toBe(0);
  });

  it('turns injected faults into network, server and malformed errors, none of which blocks the next call', async () => {
    const guests = client();
    await post('/faults', { dropNext: { count: 1, path: '/dmn' } });
    expect(await guests.fetchGuests(TODAY)).toMatchObject({ ok: false, error: { kind: 'network' } });
    await post('/faults', { failNext: { status: 503, count: 1, path: '/dmn' } });
    expect(await guests.fetchGuests(TODAY)).toMatchObject({ ok: false, error: { kind: 'server', status: 503, retryAt: null } });
    await post('/faults', { malformedNext: { count: 1, path: '/dmn' } });
    expect(await guests.fetchGuests(TODAY)).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(guests.blockedUntil()).toBeNull();
    expect((await guests.fetchGuests(TODAY)).ok).toBe(true);
  });

  it('shares one request among callers asking for the same list at once', async () => {
    const counted = countingFetch();
    const guests = client({}, counted.fetch);
    const results = await Promise.all([guests.fetchGuests(TODAY), guests.fetchGuests(TODAY), guests.fetchGuests(TODAY)]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(counted.calls()).toBe(1);
    expect((await guests.fetchGuests(TODAY)).ok).toBe(true);
    expect(counted.calls()).toBe(2);
  });
});

describe('the rate limit', () => {
  it('after a reply with X-RateLimit-Remaining: 0, makes no call before the reset, then calls again', async () => {
    await post('/dmn', { rateLimitPerHour: 2 });
    const counted = countingFetch();
    const guests = client({}, counted.fetch);
    expect((await guests.fetchGuests(TODAY)).ok).toBe(true);
    expect(guests.blockedUntil()).toBeNull();
    expect((await guests.fetchGuests(TODAY)).ok).toBe(true); // the last one of the hour: the list still comes back
    expect(guests.blockedUntil()).toBe(RESET);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const refused = await guests.fetchGuests(TODAY);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'rateLimited', retryAt: RESET, retryAfterMs: 30 * 60_000, status: null } });
    }
    now = new Date(Date.parse(RESET) - 1);
    expect(await guests.fetchGuests(TODAY)).toMatchObject({ ok: false, error: { retryAt: RESET } });
    expect(counted.calls()).toBe(2);

    now = new Date(RESET);
    expect(guests.blockedUntil()).toBeNull();
    expect((await guests.fetchGuests(TODAY)).ok).toBe(true);
    expect(counted.calls()).toBe(3);
  });

  it('after a 429, makes no call before X-RateLimit-Reset', async () => {
    await post('/dmn', { rateLimitPerHour: 1 });
    expect((await client().fetchGuests(TODAY)).ok).toBe(true); // another door with the same app id spends the hour
    const counted = countingFetch();
    const guests = client({}, counted.fetch);
    const over = await guests.fetchGuests(TODAY);
    expect(over).toMatchObject({ ok: false, error: { kind: 'rateLimited', status: 429, retryAt: RESET, retryAfterMs: 30 * 60_000 } });
    expect((await guests.fetchGuests(TODAY)).ok).toBe(false);
    expect(counted.calls()).toBe(1);
    now = new Date(RESET);
    expect((await guests.fetchGuests(TODAY)).ok).toBe(true);
    expect(counted.calls()).toBe(2);
  });

  it.each([
    ['Retry-After when the reply names no reset', { retryAfterSeconds: 120 }, 120_000],
    ['a fallback wait when it names nothing', {}, FALLBACK_RATE_LIMIT_WAIT_MS],
  ])('after a 429 from something in between, waits by %s', async (_label, extra, waitMs) => {
    await post('/faults', { failNext: { status: 429, count: 1, path: '/dmn', ...extra } });
    const counted = countingFetch();
    const guests = client({}, counted.fetch);
    const retryAt = new Date(TEST_NOW.getTime() + waitMs).toISOString();
    expect(await guests.fetchGuests(TODAY)).toMatchObject({ ok: false, error: { kind: 'rateLimited', retryAt } });
    expect(await guests.fetchGuests(TODAY)).toMatchObject({ ok: false, error: { retryAt } });
    expect(counted.calls()).toBe(1);
  });

  it('waits the fallback when the allowance is spent but the reset named is already past (clocks disagree)', async () => {
    const reply = (remaining: string, reset: string) =>
      new Response(JSON.stringify({ payload: { guests: [] } }), { status: 200, headers: { 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset': reset } });
    const guests = createDmnGuestsClient({ baseUrl: 'http://dmn.invalid', appId: 'a', key: 'k', eventId: DEMO_EVENT_ID }, async () => reply('0', '2026-11-24T18:00:00Z'), clock);
    expect((await guests.fetchGuests(TODAY)).ok).toBe(true);
    expect(guests.blockedUntil()).toBe(new Date(TEST_NOW.getTime() + FALLBACK_RATE_LIMIT_WAIT_MS).toISOString());
  });
});

describe('validating the reply', () => {
  const replying = (body: unknown) => createDmnGuestsClient({ baseUrl: 'http://dmn.invalid', appId: 'a', key: 'k', eventId: DEMO_EVENT_ID }, async () => Response.json(body), clock);
  const ticket = { _id: 'a'.repeat(24), ticket_ref: 1, checked_in: false, refunded: false, item_id: DEMO_EVENT_ID, sub_type_id: 'b'.repeat(24), guest_email: 'x@example.com' };

  it('keeps what a door needs and drops the rest, filling documented fields the reply left out', async () => {
    const result = await replying({ payload: { guests: [{ purchaseId: 'C'.repeat(24), email: 'x@example.com', phone: '+44 1', ticketList: [ticket] }] } }).fetchGuests(TODAY);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.purchases).toEqual([
      {
        purchaseId: 'c'.repeat(24),
        purchaseRef: '',
        firstName: '',
        lastName: '',
        numPeople: 1,
        subTypeName: '',
        checkedInGuests: 0,
        comments: null,
        tickets: [{ id: 'a'.repeat(24), ticketRef: 1, reference: null, guestName: '', checkedIn: false, refunded: false, itemId: DEMO_EVENT_ID, itemName: '', subTypeId: 'b'.repeat(24), subTypeName: '' }],
      },
    ]);
  });

  it.each([
    ['no payload', { guests: [] }, 'payload'],
    ['a guest without tickets', { payload: { guests: [{ purchaseId: 'c'.repeat(24) }] } }, 'payload.guests.0.ticketList'],
    ['a ticket without its id', { payload: { guests: [{ purchaseId: 'c'.repeat(24), ticketList: [{ ...ticket, _id: 'x' }] }] } }, 'payload.guests.0.ticketList.0._id'],
    ['a ticket without a number', { payload: { guests: [{ purchaseId: 'c'.repeat(24), ticketList: [{ ...ticket, ticket_ref: '1' }] }] } }, 'ticket_ref'],
  ])('refuses a reply with %s as malformed, naming where', async (_label, body, where) => {
    const result = await replying(body).fetchGuests(TODAY);
    expect(result.ok ? null : result.error.kind).toBe('malformed');
    expect(result.ok ? '' : result.error.message).toContain(where);
  });
});
