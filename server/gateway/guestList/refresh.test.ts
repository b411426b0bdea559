// Tests of the guest list's refresh schedule against a scripted DesignMyNight: the rate limit is waited out (429 and
// X-RateLimit-Remaining: 0), failures back off, a date without an occurrence is not a list, no secret is logged.
// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GuestListEntry } from '../../../src/model/guestListEntry.ts';
import { listKeyOfCode } from '../../../src/model/matchCode.ts';
import { TEST_NOW } from '../../testing/testServer.ts';
import { createGateway, type Gateway } from '../createGateway.ts';
import { emulatorUpstreamConfig } from '../../demoSetupConfig.ts';
import type { LogLevel } from '../gatewayLog.ts';
import { openSqliteStore } from '../sqliteStore.ts';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, MAX_ON_DEMAND_PER_HOUR, MAX_REQUESTED_OCCURRENCES, ON_DEMAND_GAP_MS } from './guestListService.ts';
import { dmnGuestsBody, ManualTimers, readGuestList, scriptedDmn, type ScriptedReply } from '../../testing/guestListTestKit.ts';

const EVENT = '60001c4569308525d873cbd7';
const SUBTYPE = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const APP_ID = 'venue-app-id-4711';
const KEY = 'venue-secret-key-0815';
const TODAY = '2026-11-24'; // TEST_NOW (18:30 UTC) in London
const FIVE_MINUTES = 5 * 60_000;

const listReply = (refs: number[], headers: Record<string, string> = {}): ScriptedReply => ({
  status: 200,
  body: dmnGuestsBody([{ purchaseId: 'a'.repeat(24), refs }], EVENT, SUBTYPE),
  headers: { 'x-ratelimit-remaining': '90', ...headers },
});

interface Setup {
  gateway: Gateway;
  timers: ManualTimers;
  dmn: ReturnType<typeof scriptedDmn>;
  logLines: { level: LogLevel; line: string }[];
  setNow(date: Date): void;
  token: string;
  get(query?: string): Promise<Response>;
  /** Fires the pending refresh and waits until the next one is scheduled. */
  runScheduled(): Promise<number>;
}

const open: Gateway[] = [];
afterEach(async () => {
  for (const gateway of open.splice(0)) {
    gateway.close();
    await gateway.store.close();
  }
});

async function setup(options: { refreshMinutes?: number } = {}): Promise<Setup> {
  let now = TEST_NOW;
  const timers = new ManualTimers();
  const dmn = scriptedDmn();
  const logLines: { level: LogLevel; line: string }[] = [];
  const gateway = createGateway({
    config: emulatorUpstreamConfig('http://emulator.test', {
      database: ':memory:',
      dmn: { url: 'https://dmn.test', appId: APP_ID, key: KEY },
      guestList: { refreshMinutes: options.refreshMinutes ?? 5 },
    }),
    store: openSqliteStore(':memory:'),
    clock: () => now,
    logSink: (level, line) => logLines.push({ level, line }),
    fetchUpstream: dmn.fetchUpstream,
    guestListTimers: timers,
  });
  open.push(gateway);
  const { token } = await gateway.addDevice('North gate 1');
  const scheduledCount = () => timers.delays().length;
  return {
    gateway,
    timers,
    dmn,
    logLines,
    token,
    setNow: (date) => (now = date),
    get: (query = '') => Promise.resolve(gateway.app.fetch(new Request(`http://gateway.test/api/guestlist${query}`, { headers: { authorization: `Bearer ${token}` } }))),
    async runScheduled() {
      timers.fire();
      await vi.waitFor(() => expect(scheduledCount()).toBe(1));
      return timers.delays()[0] ?? -1;
    },
  };
}

describe('the schedule', () => {
  it('refreshes at start, then every refresh interval; an unchanged list bumps no version', async () => {
    const s = await setup({ refreshMinutes: 7 });
    expect(s.timers.delays()).toEqual([0]);
    s.dmn.script.push(listReply([1, 2]), listReply([1, 2]));
    expect(await s.runScheduled()).toBe(7 * 60_000);
    expect(s.dmn.calls).toHaveLength(1);
    expect(s.dmn.calls[0]?.url).toBe(`https://dmn.test/v4/events/${EVENT}/guests?occurrence=${TODAY}`);
    expect(s.dmn.calls[0]?.authorization).toBe(`${APP_ID}:${KEY}`);
    const first = await readGuestList(await s.get());
    expect(first.puts).toHaveLength(2);
    expect(await s.runScheduled()).toBe(7 * 60_000);
    expect(s.dmn.calls).toHaveLength(2);
    expect((await readGuestList(await s.get())).head.version).toBe(first.head.version);
  });

  it('after a 429 sends nothing before X-RateLimit-Reset, then refreshes', async () => {
    const s = await setup();
    const reset = new Date(TEST_NOW.getTime() + 20 * 60_000);
    s.dmn.script.push({ status: 429, body: { payload: {}, error: 'Rate limit reached' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset.toISOString() } });
    expect(await s.runScheduled()).toBe(20 * 60_000);
    expect(s.dmn.calls).toHaveLength(1);
    // A door asking meanwhile (even for another date) does not make a request either.
    s.setNow(new Date(TEST_NOW.getTime() + 10 * 60_000));
    const asked = await readGuestList(await s.get('?occurrence=2026-11-25'));
    expect(asked.head.meta).toBeNull();
    expect(asked.head.error).toBe('DesignMyNight allows no more guest list requests until 18:50; the gateway gets the list for Tue 24 Nov then.');
    await s.gateway.guestList.refreshNow();
    expect(s.dmn.calls).toHaveLength(1);
    // At the reset: today's list and the date the door asked for.
    s.setNow(reset);
    s.dmn.script.push(listReply([1]), listReply([1]));
    expect(await s.runScheduled()).toBe(FIVE_MINUTES);
    expect(s.dmn.calls.map((call) => call.url.slice(-10))).toEqual([TODAY, TODAY, '2026-11-25']);
    const list = await readGuestList(await s.get());
    expect(list.head.meta?.occurrences).toEqual([TODAY, '2026-11-25']);
    expect(list.head.error).toBeNull();
  });

  it('after a list with X-RateLimit-Remaining: 0 waits for the reset, not the interval', async () => {
    const s = await setup();
    const reset = new Date(TEST_NOW.getTime() + 42 * 60_000);
    s.dmn.script.push(listReply([1, 2, 3], { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset.toISOString() }));
    expect(await s.runScheduled()).toBe(42 * 60_000);
    expect((await readGuestList(await s.get())).puts).toHaveLength(3);
    await s.gateway.guestList.refreshNow();
    expect(s.dmn.calls).toHaveLength(1);
  });

  it('backs off after failures (30 s, doubling, at most 30 min) and returns to the interval after a success', async () => {
    const s = await setup();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      s.dmn.script.push({ status: 503, body: { error: 'down' } });
      delays.push(await s.runScheduled());
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60].map((factor) => Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * factor)));
    expect(s.dmn.calls).toHaveLength(8); // one request per scheduled refresh: never a storm
    const failing = await readGuestList(await s.get());
    expect(failing.head.error).toMatch(/^The gateway could not get the guest list for Tue 24 Nov from DesignMyNight \(Server error \(503\)/);
    // While failing, a door's ask for a date does not add requests.
    await s.get('?occurrence=2026-11-26');
    expect(s.dmn.calls).toHaveLength(8);
    s.dmn.script.push(listReply([1]), listReply([1]));
    expect(await s.runScheduled()).toBe(FIVE_MINUTES);
    expect((await readGuestList(await s.get())).head.error).toBeNull();
  });

  it('a date without an occurrence (404) is not a list: nothing stored, said in plain words, no back-off', async () => {
    const s = await setup();
    s.dmn.script.push({ status: 404, body: { payload: {}, error: `The event has no occurrence on ${TODAY}` } });
    expect(await s.runScheduled()).toBe(FIVE_MINUTES);
    const list = await readGuestList(await s.get());
    expect(list.head).toEqual({ t: 'head', version: 0, full: true, meta: null, error: 'DesignMyNight has no guest list for Tue 24 Nov (the event may not run that day).' });
    expect(list.end).toEqual({ t: 'end', version: 0, puts: 0, dels: 0 });
    expect(await s.gateway.store.guestListState()).toBeNull();
  });

  it('past midnight, a new day without an occurrence raises no alarm while the list of last night is held', async () => {
    const s = await setup();
    s.dmn.script.push(listReply([1, 2]));
    await s.runScheduled();
    s.setNow(new Date('2026-11-25T00:30:00Z')); // 00:30 in London: the venue date is the 25th
    s.dmn.script.push({ status: 404, body: { payload: {}, error: 'The event has no occurrence on 2026-11-25' } });
    expect(await s.runScheduled()).toBe(FIVE_MINUTES);
    expect(s.dmn.calls.at(-1)?.url.slice(-10)).toBe('2026-11-25');
    const list = await readGuestList(await s.get());
    expect(list.head.meta?.occurrences).toEqual([TODAY]);
    expect(list.puts).toHaveLength(2);
    expect(list.head.error).toBeNull();
  });

  it('never logs the app id or key, even when DesignMyNight refuses them', async () => {
    const s = await setup();
    s.dmn.script.push({ status: 401, body: { payload: {}, error: `App id ${APP_ID} or key ${KEY} is wrong` } });
    await s.runScheduled();
    expect(s.logLines.length).toBeGreaterThan(0);
    for (const { line } of s.logLines) {
      expect(line).not.toContain(KEY);
      expect(line).not.toContain(APP_ID);
    }
    expect((await readGuestList(await s.get())).head.error).toBe("DesignMyNight refused the gateway's guest list key; tell the organiser. The list for Tue 24 Nov is not updated.");
  });
});

describe('dates a door asks for', () => {
  it('fetches a date it does not hold at once, then keeps it in the schedule; at most a few dates are kept', async () => {
    const s = await setup();
    s.dmn.script.push(listReply([1]));
    await s.runScheduled();
    s.dmn.script.push(listReply([5]));
    const asked = await readGuestList(await s.get('?occurrence=2026-11-28'));
    expect(asked.head.meta?.occurrences).toEqual([TODAY, '2026-11-28']);
    expect(asked.puts.map((entry) => entry.occurrence).sort()).toEqual([TODAY, '2026-11-28']);
    // Another unknown date right away is remembered, not fetched: one on-demand request per ON_DEMAND_GAP_MS.
    await s.get('?occurrence=2026-11-29');
    expect(s.dmn.calls).toHaveLength(2);
    for (const date of ['2026-11-30', '2026-12-01', '2026-12-02']) await s.get(`?occurrence=${date}`);
    s.dmn.script.push(...Array.from({ length: 1 + MAX_REQUESTED_OCCURRENCES }, () => listReply([1])));
    await s.runScheduled();
    expect(s.dmn.calls.slice(2).map((call) => call.url.slice(-10))).toEqual([TODAY, '2026-11-30', '2026-12-01', '2026-12-02']);
  });

  it(`fetches at most ${MAX_ON_DEMAND_PER_HOUR} unknown dates an hour on demand, however many doors ask`, async () => {
    const s = await setup();
    s.dmn.script.push(listReply([1]));
    await s.runScheduled();
    const asked: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      s.setNow(new Date(TEST_NOW.getTime() + (index + 1) * ON_DEMAND_GAP_MS));
      const date = `2026-12-${String(index + 1).padStart(2, '0')}`;
      asked.push(date);
      s.dmn.script.push({ status: 404, body: { payload: {}, error: `The event has no occurrence on ${date}` } });
      await s.gateway.guestList.want(date); // as GET /api/guestlist?occurrence= does, from many doors (each with its own bucket)
    }
    expect(s.dmn.calls).toHaveLength(1 + MAX_ON_DEMAND_PER_HOUR);
    // An hour on, there is room again.
    s.setNow(new Date(TEST_NOW.getTime() + 2 * 60 * 60_000));
    s.dmn.script.length = 0;
    s.dmn.script.push(listReply([4]));
    await s.gateway.guestList.want('2026-12-24');
    expect(s.dmn.calls.at(-1)?.url.slice(-10)).toBe('2026-12-24');
  });
});

describe("the head's per-date facts", () => {
  const IMPORTED_AT = '2026-11-24T12:00:00.000Z'; // the box office's file, imported at noon and never read again
  const FILE_DATE = '2026-11-28';
  const fileEntry = (code: string): GuestListEntry => ({
    key: listKeyOfCode(code),
    occurrence: FILE_DATE,
    purchaseId: null,
    ticketRef: null,
    code,
    ticketObjectId: null,
    purchaseRef: null,
    reference: null,
    guestName: `Runner ${code}`,
    ticketType: 'Entry',
    itemId: null,
    subTypeId: null,
    refunded: false,
    checkedIn: false,
  });
  const importFile = (s: Setup, codes: string[]) =>
    s.gateway.store.replaceGuestLists([{ eventId: EVENT, occurrence: FILE_DATE, source: 'file', entries: codes.map(fileEntry), at: IMPORTED_AT }]);

  it('fetchedAtByDate gives each date the time its own list was last read (a file date: its import), fetchedAt stays the oldest', async () => {
    const s = await setup();
    await importFile(s, ['100234']);
    s.dmn.script.push(listReply([1, 2]));
    await s.runScheduled();
    const later = new Date(TEST_NOW.getTime() + FIVE_MINUTES);
    s.setNow(later);
    s.dmn.script.push(listReply([1, 2]));
    await s.runScheduled();
    const tonight = (await readGuestList(await s.get())).head.meta;
    // Older apps still read the whole list's age: its oldest part.
    expect(tonight?.fetchedAt).toBe(IMPORTED_AT);
    expect(tonight?.fetchedAtByDate).toEqual({ [TODAY]: later.toISOString(), [FILE_DATE]: IMPORTED_AT });
    // Past midnight the new day's list is read; last night's is kept as it was last read.
    const pastMidnight = new Date('2026-11-25T00:30:00Z');
    s.setNow(pastMidnight);
    s.dmn.script.push(listReply([3]));
    await s.runScheduled();
    const afterMidnight = (await readGuestList(await s.get())).head.meta;
    expect(afterMidnight?.occurrences).toEqual([TODAY, '2026-11-25', FILE_DATE]);
    expect(afterMidnight?.fetchedAt).toBe(IMPORTED_AT);
    expect(afterMidnight?.fetchedAtByDate).toEqual({ [TODAY]: later.toISOString(), '2026-11-25': pastMidnight.toISOString(), [FILE_DATE]: IMPORTED_AT });
  });

  it('numberDates names the dates whose list holds plain codes; holdsNumbers still says whether any does', async () => {
    const s = await setup();
    s.dmn.script.push(listReply([1, 2]));
    await s.runScheduled();
    const dmnOnly = (await readGuestList(await s.get())).head.meta;
    expect(dmnOnly).toMatchObject({ holdsNumbers: false, numberDates: [] });
    await importFile(s, ['100234', '100235']);
    const withFile = (await readGuestList(await s.get())).head.meta;
    expect(withFile).toMatchObject({ holdsNumbers: true, numberDates: [FILE_DATE] });
    // A file of Tonic codes only holds no numbers.
    await s.gateway.store.replaceGuestLists([
      { eventId: EVENT, occurrence: FILE_DATE, source: 'file', entries: [fileEntry(`${'a'.repeat(24)}.${SUBTYPE}.7`)], at: IMPORTED_AT },
    ]);
    expect((await readGuestList(await s.get())).head.meta).toMatchObject({ holdsNumbers: false, numberDates: [] });
  });
});
