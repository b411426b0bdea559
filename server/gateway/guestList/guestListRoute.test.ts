// Tests of GET /api/guestlist on a gateway in front of the emulator (its DesignMyNight and Tonic): the delta protocol,
// check-ins on the list, mapping evidence, the minimum age, hostile queries, no emails or phones, a streamed 100,000.
// @vitest-environment node
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNLISTED_CONFIRMED_LIMIT, type GuestListEntry } from '../../../src/model/guestListEntry.ts';
import { listKeyOfCode } from '../../../src/model/matchCode.ts';
import { demoTickets } from '../../demoData.ts';
import { TEST_NOW } from '../../testing/testServer.ts';
import { GUEST_LIST_RATE_BURST } from '../createGateway.ts';
import { createFetchKit, deviceHeaders, type FetchKit } from '../../testing/fetchKit.ts';
import { emulatorDmnConfig, type ConfigOverrides } from '../../demoSetupConfig.ts';
import { item } from '../../testing/gatewayTestKit.ts';
import type { GatewayStore } from '../store.ts';
import { openResettableStore, type ResettableStore } from '../../gatewayReset.ts';
import { GUEST_LIST_PAGE } from './guestListRoute.ts';
import { readGuestList } from '../../testing/guestListTestKit.ts';

const TODAY = '2026-11-24'; // TEST_NOW in London
const SCAN_TIME = '2026-11-24 19:05:00';
const tonicTickets = demoTickets().filter((ticket) => !ticket.cancelled && ticket.ticketId.includes('.'));

let kit: FetchKit;
let token: string;
async function start(config: ConfigOverrides = {}, store?: ResettableStore): Promise<void> {
  kit = createFetchKit({
    config: { dmn: emulatorDmnConfig('http://emulator.test'), ...config },
    startGuestList: false, // refreshed by hand below
    ...(store ? { store } : {}),
  });
  ({ token } = await kit.gateway.addDevice('North gate 1'));
}
beforeEach(() => start());
afterEach(() => kit.close());

const get = (query = '', headers: Record<string, string> = {}) => kit.send(`/api/guestlist${query}`, { headers: { ...deviceHeaders(token), ...headers } });
const checkIn = (ticketIds: string[]) =>
  kit.send('/api/tonic/checkin/tickets', { method: 'POST', headers: deviceHeaders(token), body: JSON.stringify({ tickets: ticketIds.map((id) => item(id, 'North gate 1', SCAN_TIME)), async: false }) });

describe('the whole list and deltas', () => {
  it('serves the emulated DesignMyNight list: the head, one tuple per ticket, the end line; no email, no phone', async () => {
    await kit.gateway.guestList.refreshNow();
    const list = await readGuestList(await get());
    expect(list.head).toMatchObject({ t: 'head', full: true, error: null, meta: { source: 'dmn', occurrences: [TODAY], holdsNumbers: false, codeMiddle: null, mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } } });
    expect(list.head.meta?.size).toBe(list.puts.length);
    expect(list.end).toEqual({ t: 'end', version: list.head.version, puts: list.puts.length, dels: 0 });
    const ticket = tonicTickets[0];
    expect(ticket).toBeDefined();
    const onList = list.puts.find((entry) => entry.key === listKeyOfCode(ticket?.ticketId ?? ''));
    expect(onList).toMatchObject({ occurrence: TODAY, guestName: ticket?.guestName, ticketType: ticket?.ticketType, checkedIn: false });
    // The emulator's reply has every guest's email and phone; none reaches the device.
    const dmnReply = await (await kit.emulator.app.fetch(new Request(`http://emulator.test/dmn/v4/events/${list.head.meta?.eventId}/guests?occurrence=${TODAY}`, { headers: { authorization: 'demo-dmn-app:demo-dmn-key' } }))).text();
    expect(dmnReply).toContain('@');
    expect(dmnReply).toMatch(/\+44 7700 900\d{3}/);
    expect(list.text).not.toContain('@');
    expect(list.text).not.toMatch(/7700 ?900/);
    for (const demo of tonicTickets) expect(list.text).not.toContain(demo.guestEmail);
  });

  it('a device at the current version gets an empty delta; far behind, or from another database, the whole list', async () => {
    await kit.gateway.guestList.refreshNow();
    const whole = await readGuestList(await get());
    const current = await readGuestList(await get(`?since=${whole.head.version}`));
    expect(current.head.full).toBe(false);
    expect(current.puts).toEqual([]);
    expect(current.end).toEqual({ t: 'end', version: whole.head.version, puts: 0, dels: 0 });
    for (const since of ['0', String(whole.head.version + 1), '1']) {
      const list = await readGuestList(await get(`?since=${since}`));
      expect(list.head.full, `since=${since}`).toBe(true);
      expect(list.puts).toHaveLength(whole.puts.length);
    }
  });

  it('a ticket refunded upstream comes as one changed entry at the next refresh', async () => {
    await kit.gateway.guestList.refreshNow();
    const before = await readGuestList(await get());
    const refunded = tonicTickets[3]?.ticketId ?? '';
    const control = await kit.emulator.app.fetch(new Request('http://emulator.test/__control/refund', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketId: refunded }) }));
    expect(control.status).toBe(200);
    await kit.gateway.guestList.refreshNow();
    const delta = await readGuestList(await get(`?since=${before.head.version}`));
    expect(delta.head.version).toBe(before.head.version + 1);
    expect(delta.puts.map((entry) => [entry.key, entry.refunded])).toEqual([[listKeyOfCode(refunded), true]]);
  });

  it('a list that shrank (a file with fewer tickets) gives del lines', async () => {
    const entries = (await readGuestList((await kit.gateway.guestList.refreshNow(), await get()))).puts;
    const before = (await kit.gateway.guestList.head()).version;
    await kit.gateway.store.replaceGuestList({ eventId: '60001c4569308525d873cbd7', occurrence: TODAY, source: 'file', entries: entries.slice(0, 5), at: TEST_NOW.toISOString() });
    const delta = await readGuestList(await get(`?since=${before}`));
    expect(delta.puts).toEqual([]);
    expect(delta.dels).toHaveLength(entries.length - 5);
    expect(delta.dels[0]).toEqual({ t: 'del', key: expect.any(String), occurrence: TODAY });
    expect(delta.end).toEqual({ t: 'end', version: delta.head.version, puts: 0, dels: entries.length - 5 });
    expect(delta.head.meta).toMatchObject({ source: 'file', size: 5 });
  });

  it('without any list: a head with meta null and an end line', async () => {
    const list = await readGuestList(await get());
    expect(list.head).toEqual({ t: 'head', version: 0, full: true, meta: null, error: null });
    expect(list.end).toEqual({ t: 'end', version: 0, puts: 0, dels: 0 });
  });

  it('gzips the reply when the device accepts it', async () => {
    await kit.gateway.guestList.refreshNow();
    const plain = await (await get()).text();
    const zipped = await get('', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(gunzipSync(bytes).toString('utf8')).toBe(plain);
    expect(bytes.length).toBeLessThan(plain.length / 3);
  });
});

describe('check-ins', () => {
  it('a check-in through the gateway sets checkedIn at once with a new version; a check-out clears it', async () => {
    await kit.gateway.guestList.refreshNow();
    const before = await readGuestList(await get());
    const ticket = tonicTickets[1]?.ticketId ?? '';
    expect((await checkIn([ticket])).status).toBe(200);
    const afterIn = await readGuestList(await get(`?since=${before.head.version}`));
    expect(afterIn.head.version).toBe(before.head.version + 1);
    expect(afterIn.puts.map((entry) => [entry.key, entry.checkedIn])).toEqual([[listKeyOfCode(ticket), true]]);
    const out = await kit.send('/api/tonic/checkout/tickets', { method: 'POST', headers: deviceHeaders(token), body: JSON.stringify({ tickets: [item(ticket, 'North gate 1', '2026-11-24 21:00:00')], async: false }) });
    expect(out.status).toBe(200);
    const afterOut = await readGuestList(await get(`?since=${afterIn.head.version}`));
    expect(afterOut.puts.map((entry) => [entry.key, entry.checkedIn])).toEqual([[listKeyOfCode(ticket), false]]);
  });

  it('confirmed check-ins of listed codes count and teach which id the middle part is', async () => {
    await kit.gateway.guestList.refreshNow();
    await checkIn([tonicTickets[0]?.ticketId ?? '', tonicTickets[1]?.ticketId ?? '']);
    const { head } = await readGuestList(await get());
    // In the demo data the middle part of a code is the ticket type (sub_type_id).
    expect(head.meta).toMatchObject({ codeMiddle: 'subType', mapping: { listedConfirmed: 2, unlistedConfirmed: 0 } });
  });

  it(`counts confirmed check-ins of codes not on the loaded list and warns once past ${UNLISTED_CONFIRMED_LIMIT}`, async () => {
    const [listed, ...others] = tonicTickets;
    const entries = (await readGuestList((await kit.gateway.guestList.refreshNow(), await get()))).puts.filter((entry) => entry.key === listKeyOfCode(listed?.ticketId ?? ''));
    expect(entries).toHaveLength(1);
    await kit.gateway.store.replaceGuestList({ eventId: '60001c4569308525d873cbd7', occurrence: TODAY, source: 'file', entries, at: TEST_NOW.toISOString() });
    const warnings = () => kit.logLines.filter((line) => line.line.includes('the guest list does not match the tickets'));
    for (const ticket of others.slice(0, UNLISTED_CONFIRMED_LIMIT - 1)) await checkIn([ticket.ticketId]);
    expect(warnings()).toEqual([]);
    await checkIn([others[UNLISTED_CONFIRMED_LIMIT - 1]?.ticketId ?? '', listed?.ticketId ?? '']);
    await checkIn([others[UNLISTED_CONFIRMED_LIMIT]?.ticketId ?? '']);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.level).toBe('warn');
    const { head } = await readGuestList(await get());
    expect(head.meta?.mapping).toEqual({ listedConfirmed: 1, unlistedConfirmed: UNLISTED_CONFIRMED_LIMIT + 1 });
  });

  it('a check-in the gateway answers itself (already in) or Tonic does not confirm teaches nothing', async () => {
    await kit.gateway.guestList.refreshNow();
    const ticket = tonicTickets[2]?.ticketId ?? '';
    await checkIn([ticket]);
    await checkIn([ticket]); // answered by the gateway: already in
    await checkIn(['0123456789abcdef01234567.0123456789abcdef01234567.1']); // Tonic: not found
    const { head } = await readGuestList(await get());
    expect(head.meta?.mapping).toEqual({ listedConfirmed: 1, unlistedConfirmed: 0 });
  });
});

describe('minimum age', () => {
  it("is learned from Tonic's purchase reply when the configuration names none", async () => {
    await kit.gateway.guestList.refreshNow();
    expect((await readGuestList(await get())).head.meta?.minimumAge).toBeNull();
    const ticket = tonicTickets[0];
    await checkIn([ticket?.ticketId ?? '']);
    const note = await kit.send(`/api/tonic/purchases/${ticket?.purchaseObjectId}`, { method: 'PATCH', headers: deviceHeaders(token), body: JSON.stringify({ comments: 'Wheelchair space' }) });
    expect(note.status).toBe(200);
    expect((await readGuestList(await get())).head.meta?.minimumAge).toBe('Over 18');
  });

  it('the configured one wins', async () => {
    await kit.close();
    await start({ guestList: { refreshMinutes: 5, minimumAge: 'Over 21' } });
    await kit.gateway.guestList.refreshNow();
    const ticket = tonicTickets[0];
    await checkIn([ticket?.ticketId ?? '']);
    await kit.send(`/api/tonic/purchases/${ticket?.purchaseObjectId}`, { method: 'PATCH', headers: deviceHeaders(token), body: JSON.stringify({ comments: 'x' }) });
    expect((await readGuestList(await get())).head.meta?.minimumAge).toBe('Over 21');
  });
});

describe('hostile and wrong requests', () => {
  const cases: [string, RegExp][] = [
    ['?since=abc', /^since must be the guest list version/],
    ['?since=-1', /^since must be/],
    ['?since=1.5', /^since must be/],
    [`?since=${'9'.repeat(16)}`, /^since must be/],
    ['?since=1&since=2', /^Send since and occurrence at most once each/],
    ['?occurrence=tomorrow', /^occurrence must be a date as YYYY-MM-DD/],
    ['?occurrence=2026-02-30', /^occurrence must be a date as YYYY-MM-DD/],
    [`?occurrence=${'2'.repeat(3000)}`.slice(0, 3000), /^occurrence must be a date as YYYY-MM-DD/],
    ['?occurrence=2031-01-01', /^occurrence must be a date from 1 day before today to 400 days ahead/],
    ['?occurrence=2026-11-01', /^occurrence must be a date from/],
  ];
  const labelled = cases.map(([query, message]) => [query.length > 40 ? `${query.slice(0, 40)}…` : query, query, message] as const);
  it.each(labelled)('%s is refused 400 with a clear message and asks DesignMyNight nothing', async (_label, query, message) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; code: string };
    expect(body.code).toBe('invalid_query');
    expect(body.error).toMatch(message);
    expect(kit.upstreamCalls).toEqual([]);
  });

  it('needs a live device token, like every /api route', async () => {
    expect((await kit.send('/api/guestlist')).status).toBe(401);
    await kit.gateway.revokeDevice({ name: 'North gate 1' });
    expect((await get()).status).toBe(403);
  });

  it(`has its own rate bucket: ${GUEST_LIST_RATE_BURST} at once, then 429, while check-ins still pass`, async () => {
    for (let index = 0; index < GUEST_LIST_RATE_BURST; index += 1) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await checkIn([tonicTickets[0]?.ticketId ?? ''])).status).toBe(200);
  });
});

describe('a 100,000-ticket list', () => {
  it('streams page by page: the first chunk arrives after one page was read, not the whole list', { timeout: 120_000 }, async () => {
    await kit.close();
    const inner = openResettableStore(':memory:');
    let pagesRead = 0;
    const counting = new Proxy(inner.store, {
      get(target, name, receiver) {
        if (name === 'guestListChanges') return (...args: Parameters<GatewayStore['guestListChanges']>) => ((pagesRead += 1), target.guestListChanges(...args));
        const value: unknown = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await start({ limits: { ratePerSecond: 20, rateBurst: 40, upstreamTimeoutMs: 10_000, maxBodyBytes: 1024 * 1024 } }, { ...inner, store: counting });
    const entries: GuestListEntry[] = Array.from({ length: 100_000 }, (_, index) => ({
      key: `${(index + 1).toString(16).padStart(24, '0')}.1`,
      occurrence: TODAY,
      purchaseId: (index + 1).toString(16).padStart(24, '0'),
      ticketRef: 1,
      code: null,
      ticketObjectId: null,
      purchaseRef: `DMN-${7_000_000_000 + index}`,
      reference: `DMN-${7_000_000_000 + index}-1`,
      guestName: `Guest number ${index}`,
      ticketType: 'General admission',
      itemId: '60001c4569308525d873cbd7',
      subTypeId: '627cb97471209027347177dc',
      refunded: false,
      checkedIn: false,
    }));
    await counting.replaceGuestList({ eventId: '60001c4569308525d873cbd7', occurrence: TODAY, source: 'dmn', entries, at: TEST_NOW.toISOString() });
    const response = await get();
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const first = await reader.read();
    const pagesAtFirstChunk = pagesRead;
    expect(first.done).toBe(false);
    expect(pagesAtFirstChunk).toBeLessThanOrEqual(2);
    // Read the rest: every chunk is at most one page of lines, and the whole ends with its end line.
    const decoder = new TextDecoder();
    let text = decoder.decode(first.value, { stream: true });
    let chunks = 1;
    let largestChunk = first.value?.length ?? 0;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks += 1;
      largestChunk = Math.max(largestChunk, next.value.length);
      text += decoder.decode(next.value, { stream: true });
    }
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(100_002);
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual({ t: 'end', version: expect.any(Number), puts: 100_000, dels: 0 });
    expect(chunks).toBeGreaterThanOrEqual(100_000 / GUEST_LIST_PAGE);
    expect(largestChunk).toBeLessThan(text.length / 50);
    expect(pagesRead).toBe(100_000 / GUEST_LIST_PAGE + 1);
  });
});
