// Tests of the emulated Tonic occurrences and update-purchase endpoints over real HTTP.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEMO_EVENT_ID, SEED_TICKET_IDS } from './demoData.ts';
import { errorReplySchema, occurrencesReplySchema, purchaseReplySchema } from './testing/replySchemas.ts';
import { getJson, postTonic, startTestServer, useTestServer, ticketItems, TONIC_HEADERS } from './testing/testServer.ts';

const SEED_PURCHASE = '627e095671209038d339a182';

const server = useTestServer();

const occurrences = (event: string, query: string, headers: Record<string, string> = TONIC_HEADERS) =>
  getJson(`${server.url}/tonic/events/${event}/occurrences${query}`, { headers });

describe('occurrences', () => {
  it('lists today and tomorrow in the venue calendar, filtered to the asked range', async () => {
    const both = await occurrences(DEMO_EVENT_ID, '?item_date_from=2026-11-01&item_date_to=2026-11-30');
    expect(both.status).toBe(200);
    const reply = occurrencesReplySchema.parse(both.body);
    expect(reply.responseTime).toBe('2026-11-24T18:30:00+00:00');
    expect(reply.data.map((entry) => [entry.occurrence_date, entry.nice_date])).toEqual([
      ['2026-11-24', 'Tuesday 24 November 2026'],
      ['2026-11-25', 'Wednesday 25 November 2026'],
    ]);
    expect(reply.data[0]).toMatchObject({ occurrence_start: '19:00', occurrence_end: '23:00', is_cancelled: false, total_sales_tickets: 295 });
    expect(reply.data[1]?.sold_out).toBe(true);

    const todayOnly = occurrencesReplySchema.parse((await occurrences(DEMO_EVENT_ID, '?item_date_from=2026-11-24&item_date_to=2026-11-24')).body);
    expect(todayOnly.data.map((entry) => entry.occurrence_date)).toEqual(['2026-11-24']);
    const later = occurrencesReplySchema.parse((await occurrences(DEMO_EVENT_ID, '?item_date_from=2026-11-26&item_date_to=2026-12-31')).body);
    expect(later.data).toEqual([]);
  });

  it('follows the injected clock across midnight and summer time in London', async () => {
    // 23:30 UTC on 1 July is already 2 July in London (BST, +01:00).
    const summer = await startTestServer({ clock: () => new Date('2027-07-01T23:30:00Z') });
    try {
      const reply = occurrencesReplySchema.parse(
        (await getJson(`${summer.url}/tonic/events/${DEMO_EVENT_ID}/occurrences?item_date_from=2027-07-01&item_date_to=2027-07-31`, { headers: TONIC_HEADERS })).body,
      );
      expect(reply.data.map((entry) => entry.occurrence_date)).toEqual(['2027-07-02', '2027-07-03']);
      expect(reply.responseTime).toBe('2027-07-02T00:30:00+01:00');
    } finally {
      await summer.close();
    }
  });

  it.each([
    ['', /^item_date_from is required/],
    ['?item_date_from=2026-11-24', /^item_date_to is required/],
    ['?item_date_from=24/11/2026&item_date_to=2026-11-25', /^item_date_from must be a date/],
    ['?item_date_from=2026-11-24&item_date_to=2026-02-30', /^item_date_to must be a date/],
    ['?item_date_from=2026-11-25&item_date_to=2026-11-24', /^item_date_from must not be after item_date_to$/],
  ])('answers 400 for the query "%s"', async (query, message) => {
    const reply = await occurrences(DEMO_EVENT_ID, query);
    expect(reply.status).toBe(400);
    expect(errorReplySchema.parse(reply.body).error).toMatch(message);
  });

  it('answers 404 for another event and 401 without the token', async () => {
    const unknown = await occurrences('60001c4569308525d873cbd8', '?item_date_from=2026-11-24&item_date_to=2026-11-24');
    expect(unknown.status).toBe(404);
    errorReplySchema.parse(unknown.body);
    const unauthorised = await occurrences(DEMO_EVENT_ID, '?item_date_from=2026-11-24&item_date_to=2026-11-24', {});
    expect(unauthorised.status).toBe(401);
  });
});

describe('update purchase', () => {
  const patch = (purchaseId: string, body: string, headers: Record<string, string> = TONIC_HEADERS) =>
    getJson(`${server.url}/tonic/purchases/${purchaseId}`, { method: 'PATCH', headers, body });

  it('stores the comment and returns the purchase with its tickets and their check-in state', async () => {
    await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: SEED_TICKET_IDS[0], time: '2026-11-24 19:20:00' }]) });
    const reply = await patch(SEED_PURCHASE, JSON.stringify({ comments: 'ID checked: over 18' }));
    expect(reply.status).toBe(200);
    const { data, responseTime } = purchaseReplySchema.parse(reply.body);
    expect(responseTime).toBe('2026-11-24T18:30:00+00:00');
    expect(data).toMatchObject({
      _id: SEED_PURCHASE,
      purchase_id: 7930721728,
      comments: 'ID checked: over 18',
      address: { first_name: 'Adina', last_name: 'Macovei' },
      item: { _id: DEMO_EVENT_ID, title: 'Doorlist Demo Night', minimum_age: 'Over 18' },
    });
    expect(data.items[0]?.ticket_list).toEqual([
      { _id: '627e095671209038d339a184', reference: 'DMN-7930721728-176', checked_in: { date: '2026-11-24 19:20:00.000000', timezone_type: 3, timezone: 'Europe/London' } },
      { _id: '627e095671209038d339a185', reference: 'DMN-7930721728-177', checked_in: null },
    ]);
  });

  it('finds a purchase by its number too, and keeps the last comment', async () => {
    await patch(SEED_PURCHASE, JSON.stringify({ comments: 'first' }));
    const reply = await patch('7930721728', JSON.stringify({ comments: 'second' }));
    expect(purchaseReplySchema.parse(reply.body).data).toMatchObject({ _id: SEED_PURCHASE, comments: 'second' });
  });

  it.each([
    ['{"comments": 5}', 'comments must be a string'],
    ['{}', 'comments is required'],
    ['comments=hi', /^body must be valid JSON/],
  ])('answers 400 for the body %s', async (body, message) => {
    const reply = await patch(SEED_PURCHASE, body);
    expect(reply.status).toBe(400);
    expect(errorReplySchema.parse(reply.body).error).toMatch(message);
  });

  it('answers 404 for an unknown purchase and 401 without the token', async () => {
    const unknown = await patch('63e5021d71b7bd01533704c1', JSON.stringify({ comments: 'x' }));
    expect(unknown.status).toBe(404);
    errorReplySchema.parse(unknown.body);
    expect((await patch(SEED_PURCHASE, JSON.stringify({ comments: 'x' }), {})).status).toBe(401);
  });
});
