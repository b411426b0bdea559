// A direct setup reads DesignMyNight itself (the emulator, over real HTTP, on one injected clock): the list stored with
// a meta built here, the hourly limit's wait recorded and kept across a reload, errors in words, the old list kept.
// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DMN_APP_ID, DEMO_DMN_KEY, DEMO_EVENT_ID, demoTickets } from '../../server/demoData.ts';
import { TEST_NOW, useTestServer } from '../../server/testing/testServer.ts';
import type { FetchLike } from '../api/httpRequest.ts';
import { DoorlistDatabase } from '../db/database.ts';
import { applySetup } from '../engine/applySetup.ts';
import { updatePreferences } from '../settings/preferences.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { TEST_CONFIG } from '../testing/engineFixture.ts';
import { countForOccurrence, readGuestListState, replaceGuestList } from './deviceGuestList.ts';
import { dmnClientFor, refreshFromDmn } from './dmnGuestList.ts';
import { createGuestListRefresher } from '../feeds/guestListRefresher.ts';
import { DMN_LIST_REFRESH_MS, guestListSourceOf } from './guestListSource.ts';
import { entryFixture, metaFixture } from '../testing/guestListFixtures.ts';
import { readAllEntries } from './listStore.ts';
import { entriesWithWord } from '../testing/guestListFixtures.ts';

const TODAY = '2026-11-24';
const RESET = '2026-11-24T19:00:00.000Z'; // the clock hour after TEST_NOW (18:30Z)
let now = TEST_NOW;
const clock = (): Date => now;
const server = useTestServer({ clock });

let calls: string[] = [];
const countingFetch: FetchLike = (url, init) => {
  calls.push(url);
  return fetch(url, init);
};
let databaseCounter = 0;
let db: DoorlistDatabase;

const directConfig = (list: Partial<NonNullable<SetupConfig['guestList']>> = {}): SetupConfig => ({
  ...TEST_CONFIG,
  tonic: { ...TEST_CONFIG.tonic, baseUrl: `${server.url}/tonic`, eventId: DEMO_EVENT_ID },
  guestList: { baseUrl: `${server.url}/dmn`, appId: DEMO_DMN_APP_ID, key: DEMO_DMN_KEY, ...list },
});

/** One refresh as a fresh page would do it: a new client, so only the state row remembers a wait. */
const refreshOnce = (config: SetupConfig, door = TODAY) => {
  const client = dmnClientFor(config, countingFetch, clock, server.url);
  if (!client) throw new Error('no client for this setup');
  return refreshFromDmn({ db, client, now: clock, log: () => {} }, config, door, TODAY);
};

const post = (path: string, body: unknown) =>
  fetch(`${server.url}/__control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeEach(() => {
  now = TEST_NOW;
  calls = [];
  db = new DoorlistDatabase(`dmn-list-${++databaseCounter}-${Date.now()}`);
});

describe('the guest list read from DesignMyNight by the device', () => {
  it("stores tonight's tickets with a meta built here, and no email or phone", async () => {
    expect(await refreshOnce(directConfig())).toEqual({ kind: 'stored', full: true, puts: demoTickets().length, dels: 0, version: 0 });
    expect(await countForOccurrence(db, TODAY)).toBe(demoTickets().length);
    expect(await readGuestListState(db)).toMatchObject({
      origin: 'dmn',
      syncedAt: TEST_NOW.toISOString(),
      lastError: null,
      meta: { source: 'dmn', version: 0, eventId: DEMO_EVENT_ID, occurrences: [TODAY], fetchedAt: TEST_NOW.toISOString(), size: demoTickets().length, holdsNumbers: false },
    });
    const text = JSON.stringify(await readAllEntries(db));
    expect(text.includes('@'), 'an email address reached the device').toBe(false);
    expect((await entriesWithWord(db, 'macovei', 'equals')).length).toBeGreaterThan(0);
  });

  it("reads the door's chosen occurrence and today, one request each", async () => {
    expect(await refreshOnce(directConfig(), '2026-11-25')).toMatchObject({ kind: 'stored' });
    expect(calls.map((url) => new URL(url).searchParams.get('occurrence'))).toEqual(['2026-11-25', TODAY]);
    expect((await readGuestListState(db)).meta?.occurrences).toEqual([TODAY, '2026-11-25']);
  });

  it('records the hourly limit\'s reset and asks nothing before it, even from a new page; then reads again', async () => {
    await post('/dmn', { rateLimitPerHour: 1 });
    await refreshOnce(directConfig());
    now = new Date(TEST_NOW.getTime() + DMN_LIST_REFRESH_MS);
    const limited = await refreshOnce(directConfig());
    expect(limited).toMatchObject({ kind: 'failed', message: "DesignMyNight's hourly limit for guest lists is used up; the list on this door was kept." });
    expect(await readGuestListState(db)).toMatchObject({ retryAt: RESET, meta: { fetchedAt: TEST_NOW.toISOString() } });
    expect((await readAllEntries(db)).length).toBe(demoTickets().length); // the list from before is kept
    calls = [];
    now = new Date(Date.parse(RESET) - 1_000);
    for (let page = 0; page < 5; page += 1) await refreshOnce(directConfig());
    expect(calls).toEqual([]); // no retry storm
    now = new Date(Date.parse(RESET) + 1_000);
    expect(await refreshOnce(directConfig())).toMatchObject({ kind: 'stored' });
    expect(await readGuestListState(db)).toMatchObject({ retryAt: null, lastError: null });
  });

  it('says a refused key in words and keeps the list it had', async () => {
    await replaceGuestList(db, [entryFixture(1)], { meta: metaFixture(), origin: 'dmn', syncedAt: 'x' });
    expect(await refreshOnce(directConfig({ key: 'wrong-key' }))).toEqual({ kind: 'failed', message: 'DesignMyNight refused the guest list key: ask your organiser for a new setup link.' });
    expect(await readGuestListState(db)).toMatchObject({ lastError: 'DesignMyNight refused the guest list key: ask your organiser for a new setup link.', retryAt: null });
    expect((await readAllEntries(db)).length).toBe(1);
  });

  it('says a date DesignMyNight does not know, and that it cannot be reached', async () => {
    expect(await refreshOnce(directConfig(), '2026-12-25')).toMatchObject({ message: expect.stringContaining('DesignMyNight has no guest list for this date') });
    await post('/faults', { dropNext: { count: 1, path: '/dmn' } });
    const offline = await refreshOnce(directConfig());
    expect(offline).toMatchObject({ message: 'Cannot reach DesignMyNight for the guest list; the list on this door was kept.' });
  });
});

describe('the refresh schedule of a direct setup', () => {
  it('refreshes at start, then not before 10 minutes, at once for a new occurrence, and never offline', async () => {
    let online = true;
    await applySetup(db, directConfig(), 50, now);
    const refresher = createGuestListRefresher({ db, fetchImpl: countingFetch, now: clock, origin: server.url, isOnline: () => online, log: () => {} });
    expect(await refresher.refresh('timer')).toMatchObject({ kind: 'stored' });
    now = new Date(TEST_NOW.getTime() + DMN_LIST_REFRESH_MS - 1_000);
    expect(await refresher.refresh('timer')).toBeNull();
    expect(calls).toHaveLength(1);
    now = new Date(TEST_NOW.getTime() + DMN_LIST_REFRESH_MS);
    expect(await refresher.refresh('timer')).toMatchObject({ kind: 'stored' });
    await updatePreferences(db, { occurrenceDate: '2026-11-25' });
    expect(await refresher.refresh('changed')).toMatchObject({ kind: 'stored' });
    expect(calls.map((url) => new URL(url).searchParams.get('occurrence'))).toEqual([TODAY, TODAY, '2026-11-25', TODAY]);
    online = false;
    now = new Date(now.getTime() + 3 * DMN_LIST_REFRESH_MS);
    expect(await refresher.refresh('online')).toBeNull();
    expect(calls).toHaveLength(4);
  });

  it('does not ask again from a new page (a reload, another tab) while the stored list is fresh', async () => {
    await applySetup(db, directConfig(), 50, now);
    const page = () => createGuestListRefresher({ db, fetchImpl: countingFetch, now: clock, origin: server.url, isOnline: () => true, log: () => {} });
    await page().refresh('timer');
    now = new Date(TEST_NOW.getTime() + 30_000);
    expect(await page().refresh('timer')).toBeNull();
    expect(await page().refresh('online')).toBeNull();
    now = new Date(TEST_NOW.getTime() + 61_000);
    expect(await page().refresh('timer')).toMatchObject({ kind: 'stored' }); // a page's start asks after a minute
    expect(calls).toHaveLength(2);
  });

  it('asks once per 10 minutes for a date DesignMyNight does not have, however often sync passes run', async () => {
    await applySetup(db, directConfig(), 50, now);
    await updatePreferences(db, { occurrenceDate: '2026-12-25' });
    const refresher = createGuestListRefresher({ db, fetchImpl: countingFetch, now: clock, origin: server.url, isOnline: () => true, log: () => {} });
    expect(await refresher.refresh('timer')).toMatchObject({ kind: 'failed' });
    for (let pass = 1; pass < 20; pass += 1) {
      now = new Date(TEST_NOW.getTime() + pass * 20_000);
      await refresher.refresh('timer');
    }
    expect(calls).toHaveLength(1);
    now = new Date(TEST_NOW.getTime() + DMN_LIST_REFRESH_MS);
    await refresher.refresh('timer');
    expect(calls).toHaveLength(2);
  });

  it('shares one refresh between callers at the same moment', async () => {
    await applySetup(db, directConfig(), 50, now);
    const refresher = createGuestListRefresher({ db, fetchImpl: countingFetch, now: clock, origin: server.url, isOnline: () => true, log: () => {} });
    const outcomes = await Promise.all([refresher.refresh('timer'), refresher.refresh('online'), refresher.refresh('changed')]);
    expect(calls).toHaveLength(1);
    // Each caller learns what the shared refresh did (the run after it, not due, does not hide it).
    expect(outcomes.map((outcome) => outcome?.kind)).toEqual(['stored', 'stored', 'stored']);
  });

  it('leaves a list imported from a file alone', async () => {
    await applySetup(db, directConfig(), 50, now);
    await replaceGuestList(db, [entryFixture(1)], { meta: metaFixture({ source: 'file', version: 0 }), origin: 'file', syncedAt: 'x' });
    const refresher = createGuestListRefresher({ db, fetchImpl: countingFetch, now: clock, origin: server.url, isOnline: () => true, log: () => {} });
    expect(await refresher.refresh('changed')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('knows where a setup gets its list from', () => {
    expect(guestListSourceOf(directConfig(), server.url)).toBe('dmn');
    expect(guestListSourceOf({ ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl: '/api/tonic' } }, server.url)).toBe('gateway');
    expect(guestListSourceOf(TEST_CONFIG, server.url)).toBeNull();
    expect(guestListSourceOf({ ...TEST_CONFIG, guestList: { unknownCodes: 'refuse' } }, server.url)).toBeNull();
  });
});
