// A gateway setup's list: GET /api/guestlist as NDJSON (built with encodeEntry), stored whole or as a delta, never half.
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../api/httpRequest.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { chunkedBody, entryFixture, metaFixture, wireReply, type WireReplyParts } from '../testing/guestListFixtures.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { noteGuestListProblem, readGuestListState, replaceGuestList } from './deviceGuestList.ts';
import { gatewayListUrlFor } from '../api/gatewayEndpoints.ts';
import { refreshFromGateway } from './gatewayGuestList.ts';
import { createWireReader } from './wireReader.ts';
import { createGuestListRefresher } from '../feeds/guestListRefresher.ts';
import { GATEWAY_LIST_REFRESH_MS } from './guestListSource.ts';
import { applySetup } from '../engine/applySetup.ts';
import { writeSyncStatus } from '../sync/syncStatus.ts';
import { readAllEntries } from './listStore.ts';
import { entryOn } from '../testing/guestListFixtures.ts';

const GATEWAY_CONFIG: SetupConfig = { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl: '/api/tonic', token: 'device-token' } };
const ORIGIN = 'https://doors.example';

/** A gateway answering with `reply(url)`, streamed in small chunks; every request is recorded. */
function fakeGateway(reply: (url: URL) => Response | string) {
  const requests: Array<{ url: URL; headers: Record<string, string> }> = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const url = new URL(input);
    requests.push({ url, headers: init.headers as Record<string, string> });
    const answer = reply(url);
    return typeof answer === 'string' ? new Response(chunkedBody(answer, 7), { status: 200, headers: { 'content-type': 'application/x-ndjson' } }) : answer;
  };
  return { fetchImpl, requests };
}

const refresh = (fixture: ReturnType<typeof createEngineFixture>, fetchImpl: FetchLike, occurrence = '2026-11-24') =>
  refreshFromGateway({ db: fixture.db, fetchImpl, now: fixture.nowDate, origin: ORIGIN, log: () => {} }, GATEWAY_CONFIG, occurrence);

const keysOf = async (fixture: ReturnType<typeof createEngineFixture>) => (await readAllEntries(fixture.db)).map((row) => row.key).sort();
const full = (version: number, entries: number[], extra: Partial<WireReplyParts> = {}) =>
  wireReply({ version, full: true, meta: metaFixture({ version, size: entries.length }), puts: entries.map((n) => entryFixture(n)), ...extra });

describe('the guest list from the gateway', () => {
  it('finds the endpoint beside the Tonic proxy, and none for a direct setup', () => {
    expect(gatewayListUrlFor(GATEWAY_CONFIG, ORIGIN)).toBe('https://doors.example/api/guestlist');
    expect(gatewayListUrlFor(TEST_CONFIG, ORIGIN)).toBeNull();
  });

  it("downloads the whole list with the device's token, then asks only for what changed since its version", async () => {
    const fixture = createEngineFixture();
    const gateway = fakeGateway((url) =>
      url.searchParams.get('since') === '0'
        ? full(4, [1, 2, 3])
        : wireReply({ version: 6, full: false, meta: metaFixture({ version: 6, size: 3 }), puts: [entryFixture(2, { checkedIn: true }), entryFixture(5)], dels: [{ key: entryFixture(3).key, occurrence: '2026-11-24' }] }),
    );
    expect(await refresh(fixture, gateway.fetchImpl)).toEqual({ kind: 'stored', full: true, puts: 3, dels: 0, version: 4 });
    expect(await keysOf(fixture)).toEqual([1, 2, 3].map((n) => entryFixture(n).key).sort());
    fixture.advance(60_000);
    expect(await refresh(fixture, gateway.fetchImpl)).toEqual({ kind: 'stored', full: false, puts: 2, dels: 1, version: 6 });

    expect(gateway.requests.map(({ url }) => url.search)).toEqual(['?since=0&occurrence=2026-11-24', '?since=4&occurrence=2026-11-24']);
    expect(gateway.requests[0]!.headers.authorization).toBe('Bearer device-token');
    expect(await keysOf(fixture)).toEqual([1, 2, 5].map((n) => entryFixture(n).key).sort());
    expect(await entryOn(fixture.db, '2026-11-24', entryFixture(2).key)).toMatchObject({ checkedIn: true });
    expect(await readGuestListState(fixture.db)).toMatchObject({ origin: 'gateway', syncedAt: '2026-11-24T19:01:00.000Z', lastError: null, meta: { version: 6, size: 3 } });
  });

  it('replaces everything when a device far behind gets the whole list again', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1), entryFixture(2)], { meta: metaFixture({ version: 2 }), origin: 'gateway', syncedAt: 'x' });
    const gateway = fakeGateway(() => full(900, [2, 7]));
    await refresh(fixture, gateway.fetchImpl);
    expect(gateway.requests[0]!.url.searchParams.get('since')).toBe('2');
    expect(await keysOf(fixture)).toEqual([entryFixture(2).key, entryFixture(7).key].sort());
    expect((await readGuestListState(fixture.db)).meta?.version).toBe(900);
  });

  it('asks from 0 when its list came from elsewhere (a file)', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1)], { meta: metaFixture({ version: 7, source: 'file' }), origin: 'file', syncedAt: 'x' });
    const gateway = fakeGateway(() => full(3, [4]));
    await refresh(fixture, gateway.fetchImpl);
    expect(gateway.requests[0]!.url.searchParams.get('since')).toBe('0');
  });

  const kept = async (fixture: ReturnType<typeof createEngineFixture>) => {
    expect(await keysOf(fixture)).toEqual([entryFixture(1).key, entryFixture(2).key].sort());
    expect((await readGuestListState(fixture.db)).meta?.version).toBe(2);
  };
  const withList = async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1), entryFixture(2)], { meta: metaFixture({ version: 2 }), origin: 'gateway', syncedAt: 'x' });
    return fixture;
  };

  it('applies nothing from a download cut before its end line', async () => {
    const fixture = await withList();
    const outcome = await refresh(fixture, fakeGateway(() => full(3, [5, 6], { noEnd: true })).fetchImpl);
    expect(outcome).toEqual({ kind: 'failed', message: "The gateway's guest list download was cut short; the list on this door was kept." });
    await kept(fixture);
    expect((await readGuestListState(fixture.db)).lastError).toBe(outcome?.kind === 'failed' ? outcome.message : '');
  });

  it('applies nothing from a connection that drops mid-stream', async () => {
    const fixture = await withList();
    const text = full(3, [5, 6]);
    const dropping = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text.slice(0, text.length / 2)));
        controller.error(new TypeError('network connection lost'));
      },
    });
    const outcome = await refresh(fixture, fakeGateway(() => new Response(dropping)).fetchImpl);
    expect(outcome).toMatchObject({ kind: 'failed', message: expect.stringContaining('Cannot reach the gateway') });
    await kept(fixture);
  });

  it.each([
    ['a line that is not JSON', (text: string) => text.replace(/\n\[/, '\n{oops\n['), 'line 2: not JSON'],
    ['an entry of the wrong shape', (text: string) => text.replace(/\n\[/, '\n["only","three",1]\n['), 'line 2: not a guest list entry'],
    ['an end line with the wrong count', (text: string) => text.replace('"puts":2', '"puts":3'), 'the end line counts 3 entries'],
    ['no head first', (text: string) => text.split('\n').slice(1).join('\n'), 'line 1: the first line is not the list head'],
    ['data after the end line', (text: string) => `${text}${JSON.stringify(['x'])}\n`, 'more data after the end line'],
    ['a web page of one endless line', (text: string) => `${text.split('\n')[0]}\n<html>${'x'.repeat(200_000)}`, 'line 2: a line longer than 64 KB'],
    ['one line far too long', (text: string) => text.replace('\n[', `\n${' '.repeat(70_000)}[`), 'line 2: a line longer than 64 KB'],
  ])('refuses a whole reply with %s, naming the line', async (_, damage, words) => {
    const fixture = await withList();
    const outcome = await refresh(fixture, fakeGateway(() => damage(full(3, [5, 6]))).fetchImpl);
    expect(outcome).toMatchObject({ kind: 'failed', message: expect.stringContaining(words) });
    await kept(fixture);
  });

  it("keeps the list when the gateway has none yet, saying so with the gateway's own trouble", async () => {
    const fixture = await withList();
    const outcome = await refresh(fixture, fakeGateway(() => wireReply({ version: 0, full: true, meta: null, error: 'DesignMyNight refused the key (401)' })).fetchImpl);
    expect(outcome).toEqual({ kind: 'noList' });
    await kept(fixture);
    expect((await readGuestListState(fixture.db)).lastError).toBe('The gateway has no guest list yet. Its last try failed: DesignMyNight refused the key (401)');
  });

  it('reads a head without the optional error field, and passes on a refresh error that came with a list', async () => {
    const fixture = createEngineFixture();
    await refresh(fixture, fakeGateway(() => full(3, [1], { error: 'DesignMyNight: too many requests (429)' })).fetchImpl);
    expect(await readGuestListState(fixture.db)).toMatchObject({ meta: { version: 3 }, lastError: 'The gateway could not refresh the list from its source: DesignMyNight: too many requests (429)' });
    fixture.advance(60_000);
    await refresh(fixture, fakeGateway(() => wireReply({ version: 4, full: false, meta: metaFixture({ version: 4 }) })).fetchImpl);
    expect(await readGuestListState(fixture.db)).toMatchObject({ meta: { version: 4 }, lastError: null });
  });

  it('refuses a list of another event', async () => {
    const fixture = await withList();
    const outcome = await refresh(fixture, fakeGateway(() => wireReply({ version: 3, full: true, meta: metaFixture({ eventId: 'other-event' }), puts: [entryFixture(9)] })).fetchImpl);
    expect(outcome).toMatchObject({ kind: 'failed', message: expect.stringContaining('for another event') });
    await kept(fixture);
  });

  it('records a refusal, and a wait the gateway asks for', async () => {
    const fixture = await withList();
    expect(await refresh(fixture, fakeGateway(() => new Response('{"error":"unknown device"}', { status: 401 })).fetchImpl)).toMatchObject({ message: expect.stringContaining('refused this device') });
    const past = await refresh(fixture, fakeGateway(() => new Response('{"error":"occurrence must be a date from 1 day before today to 400 days ahead","code":"invalid_query"}', { status: 400 })).fetchImpl);
    expect(past).toEqual({ kind: 'failed', message: 'The gateway refused the request for the guest list: occurrence must be a date from 1 day before today to 400 days ahead.' });
    expect(await refresh(fixture, fakeGateway(() => new Response('<html>sign in to the Wi-Fi</html>', { status: 502 })).fetchImpl)).toEqual({ kind: 'failed', message: 'The gateway could not send the guest list (error 502).' });
    await refresh(fixture, fakeGateway(() => new Response('', { status: 429, headers: { 'retry-after': '120' } })).fetchImpl);
    expect(await readGuestListState(fixture.db)).toMatchObject({ retryAt: '2026-11-24T19:02:00.000Z', lastError: expect.stringContaining('wait') });
    await kept(fixture);
  });

  it('is asked each minute for what changed, never offline or while the gateway refuses the device', async () => {
    const fixture = createEngineFixture();
    await applySetup(fixture.db, GATEWAY_CONFIG, 50, fixture.nowDate());
    let online = true;
    let version = 1;
    const gateway = fakeGateway((url) => (url.searchParams.get('since') === '0' ? full(1, [1, 2]) : wireReply({ version, full: false, meta: metaFixture({ version }) })));
    const refresher = createGuestListRefresher({ db: fixture.db, fetchImpl: gateway.fetchImpl, now: fixture.nowDate, origin: ORIGIN, isOnline: () => online, log: () => {} });
    expect(await refresher.refresh('timer')).toMatchObject({ kind: 'stored', full: true });
    fixture.advance(GATEWAY_LIST_REFRESH_MS / 2);
    expect(await refresher.refresh('timer')).toBeNull();
    fixture.advance(GATEWAY_LIST_REFRESH_MS / 2);
    version = 2;
    expect(await refresher.refresh('timer')).toMatchObject({ kind: 'stored', full: false, version: 2 });
    fixture.advance(GATEWAY_LIST_REFRESH_MS);
    online = false;
    expect(await refresher.refresh('online')).toBeNull();
    online = true;
    await writeSyncStatus(fixture.db, { pause: { kind: 'revoked', message: 'withdrawn', since: fixture.nowDate().toISOString() } });
    expect(await refresher.refresh('timer')).toBeNull();
    expect(gateway.requests.map(({ url }) => url.searchParams.get('since'))).toEqual(['0', '1']);
    // A wait the gateway asked for holds every reason off until it is over.
    await writeSyncStatus(fixture.db, { pause: null });
    await noteGuestListProblem(fixture.db, 'wait', new Date(fixture.now() + 5 * 60_000).toISOString());
    fixture.advance(GATEWAY_LIST_REFRESH_MS);
    expect(await refresher.refresh('changed')).toBeNull();
    fixture.advance(4 * 60_000);
    expect(await refresher.refresh('timer')).toMatchObject({ kind: 'stored' });
  });

  it('reads a reply cut into pieces anywhere, with Windows line ends', () => {
    const text = full(3, [1, 2, 3]).replace(/\n/g, '\r\n');
    const reader = createWireReader();
    for (let at = 0; at < text.length; at += 5) reader.push(text.slice(at, at + 5));
    const result = reader.finish();
    expect(result.ok && result.reply.puts.map((entry) => entry.key)).toEqual([1, 2, 3].map((n) => entryFixture(n).key));
  });

  it('keeps one entry per date and key when a reply sends a ticket twice (changed while the download was read): the later', () => {
    const text = wireReply({ version: 4, full: true, meta: metaFixture({ version: 4 }), puts: [entryFixture(1), entryFixture(2), entryFixture(1, { checkedIn: true })] });
    const reader = createWireReader();
    reader.push(text);
    const result = reader.finish();
    expect(result.ok && result.reply.puts.map((entry) => [entry.key, entry.checkedIn])).toEqual([
      [entryFixture(2).key, false],
      [entryFixture(1).key, true],
    ]);
  });

  it('reads 100,000 entries in one pass over large chunks', () => {
    const text = full(1, Array.from({ length: 100_000 }, (_, n) => n));
    const reader = createWireReader();
    for (let at = 0; at < text.length; at += 65_536) reader.push(text.slice(at, at + 65_536));
    const result = reader.finish();
    expect(result.ok && result.reply.puts.length).toBe(100_000);
  });
});
