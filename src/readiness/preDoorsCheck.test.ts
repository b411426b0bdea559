// The pre-doors check, row by row: each good path and each way it goes amber, red or unknown, with what to do.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../api/httpRequest.ts';
import { clockOffsetOf } from './probeServer.ts';
import { writeSyncStatus } from '../sync/syncStatus.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import {
  askToKeepStorage,
  checkCamera,
  checkEventData,
  checkRunSignup,
  checkStorage,
  checkTonicAndClock,
  checkWaiting,
  durationInWords,
  explainBlocked,
  MIN_FREE_BYTES,
  PRE_DOORS_ROWS,
  runPreDoorsCheck,
  type CameraProbe,
  type PreDoorsDeps,
} from './preDoorsCheck.ts';
import { recordScan } from '../door/recordScan.ts';
import { replaceGuestList } from '../guestlist/deviceGuestList.ts';
import { entryFixture, metaFixture } from '../testing/guestListFixtures.ts';

const NOW = Date.parse('2026-11-24T18:00:00Z');
const RSU_CONFIG = { ...TEST_CONFIG, runsignup: { baseUrl: 'https://rsu.test/API', ticketEventId: 123, apiKey: 'key', apiSecret: 'shh' } };

const json = (body: unknown, status = 200, date: string | null = new Date(NOW).toUTCString()) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...(date ? { date } : {}) } });

function fakeFetch(answer: (url: string) => Response | Promise<Response>): FetchLike & { urls: string[]; headers: Record<string, string>[] } {
  const urls: string[] = [];
  const headers: Record<string, string>[] = [];
  const fetchImpl = async (url: string, init: RequestInit) => {
    urls.push(url);
    headers.push(init.headers as Record<string, string>);
    return answer(url);
  };
  return Object.assign(fetchImpl, { urls, headers });
}

const offlineFetch = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
const occurrences = { data: [{ occurrence_date: '2026-11-24' }] };

function camera(outcome: { fails?: string; frame?: { width: number; height: number } | null }): CameraProbe & { stops: number } {
  const probe = {
    stops: 0,
    async open() {
      if (outcome.fails) throw new DOMException('refused', outcome.fails);
      return {
        firstFrame: async () => outcome.frame ?? null,
        stop: () => {
          probe.stops += 1;
        },
      };
    },
  };
  return probe;
}

describe('pre-doors check', () => {
  let fixture: ReturnType<typeof createEngineFixture>;
  let deps: PreDoorsDeps;
  beforeEach(() => {
    fixture = createEngineFixture('2026-11-24T18:00:00Z');
    deps = {
      db: fixture.db,
      config: RSU_CONFIG,
      fetchImpl: fakeFetch(() => json(occurrences)),
      now: fixture.now,
      appOrigin: 'http://door.test', // an http app, as the test servers: an https one could never call http://tonic.test
      camera: camera({ frame: { width: 640, height: 480 } }),
      secureContext: true,
      storage: { persisted: async () => true, persist: async () => true, estimate: async () => ({ quota: 2_000 * 1024 * 1024, usage: 10 * 1024 * 1024 }) },
      log: vi.fn(),
    };
  });

  describe('camera', () => {
    it('is green when a picture comes, and the camera is let go', async () => {
      const probe = camera({ frame: { width: 1280, height: 720 } });
      expect(await checkCamera({ camera: probe, secureContext: true })).toMatchObject({ status: 'ok', title: 'Camera works', detail: expect.stringContaining('1280×720') });
      expect(probe.stops).toBe(1);
    });

    it('is red with what to do: no camera, refused, busy, no picture, insecure address', async () => {
      expect(await checkCamera({ camera: null, secureContext: true })).toMatchObject({ status: 'bad', detail: 'No camera: use a hardware scanner or typed references.' });
      expect(await checkCamera({ camera: camera({ fails: 'NotFoundError' }), secureContext: true })).toMatchObject({ status: 'bad', detail: 'No camera: use a hardware scanner or typed references.' });
      expect(await checkCamera({ camera: camera({ fails: 'NotAllowedError' }), secureContext: true })).toMatchObject({ status: 'bad', title: 'Camera not allowed', detail: expect.stringContaining('Allow the camera') });
      expect(await checkCamera({ camera: camera({ fails: 'NotReadableError' }), secureContext: true })).toMatchObject({ status: 'bad', title: 'Camera busy' });
      const dark = camera({ frame: null });
      expect(await checkCamera({ camera: dark, secureContext: true })).toMatchObject({ status: 'bad', title: 'Camera shows no picture' });
      expect(dark.stops).toBe(1);
      expect(await checkCamera({ camera: camera({ frame: { width: 1, height: 1 } }), secureContext: false })).toMatchObject({ status: 'bad', detail: expect.stringContaining('https://') });
    });
  });

  describe('storage', () => {
    it('is green when kept by the browser with room to spare, with the free space', async () => {
      expect(await checkStorage(deps)).toEqual({ id: 'storage', status: 'ok', title: 'Storage kept by the browser', detail: '1,990 MB free.' });
    });

    it('is red when not kept (offering to ask again) or almost full; unknown when the browser cannot say', async () => {
      const notKept = await checkStorage({ storage: { persisted: async () => false, estimate: async () => ({ quota: 10e9, usage: 0 }) } });
      expect(notKept).toMatchObject({ status: 'bad', title: 'Storage may be cleared', action: { kind: 'askPersist', label: 'Ask again' } });
      const full = await checkStorage({ storage: { persisted: async () => true, estimate: async () => ({ quota: MIN_FREE_BYTES + 1000, usage: 2000 }) } });
      expect(full).toMatchObject({ status: 'bad', title: 'Storage almost full', detail: expect.stringContaining('Only 49 MB free') });
      expect(await checkStorage({ storage: null })).toMatchObject({ status: 'unknown' });
      expect(await checkStorage({ storage: { persisted: async () => true } })).toMatchObject({ status: 'unknown', title: 'Storage kept, free space unknown' });
    });

    it('asks the browser again when told to', async () => {
      const persist = vi.fn(async () => true);
      expect(await askToKeepStorage({ persist })).toBe(true);
      expect(persist).toHaveBeenCalledOnce();
      expect(await askToKeepStorage(null)).toBe(false);
    });
  });

  describe('Tonic credentials and the clock', () => {
    it('is green when Get Event Occurrences answers, with the server clock in agreement', async () => {
      const fetchImpl = fakeFetch(() => json(occurrences));
      const { tonic, clock } = await checkTonicAndClock({ ...deps, fetchImpl }, false);
      expect(tonic).toMatchObject({ status: 'ok', title: 'Tonic accepts this device' });
      expect(clock).toMatchObject({ status: 'ok', title: 'Clock agrees with the server' });
      expect(fetchImpl.urls).toEqual(['http://tonic.test/events/e/occurrences?item_date_from=2026-11-24&item_date_to=2026-11-24']);
      expect(fetchImpl.headers[0]).toMatchObject({ authorization: 'Bearer t' });
    });

    it('a refused token is red with the words staff need; the clock still reads from the refusal', async () => {
      const { tonic, clock } = await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json({ error: 'Invalid token' }, 401)) }, false);
      expect(tonic).toMatchObject({ status: 'bad', title: 'Tonic refused the token', detail: 'The Tonic token was refused: ask your organiser for a new setup link.' });
      expect((await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json({}, 403)) }, false)).tonic.title).toBe('Tonic refused the token');
      expect(clock.status).toBe('ok');
    });

    it('no network is "Cannot reach", never "refused"; the clock is then unknown', async () => {
      const { tonic, clock } = await checkTonicAndClock({ ...deps, fetchImpl: offlineFetch }, true);
      expect(tonic).toMatchObject({ status: 'bad', title: 'Cannot reach Tonic', detail: expect.stringContaining('tonic.test): this device is offline') });
      expect(tonic.detail).not.toMatch(/refused/);
      expect(clock).toMatchObject({ status: 'unknown', title: 'Clock not checked' });
    });

    it('a request the page\'s security policy blocked names the origin and what to do, not "Cannot reach"', async () => {
      const { tonic } = await checkTonicAndClock({ ...deps, fetchImpl: offlineFetch }, false);
      expect(tonic).toMatchObject({ status: 'bad', title: 'Cannot reach Tonic', origin: 'http://tonic.test' });
      const since = new Date(NOW).toISOString();
      expect(explainBlocked(tonic, [{ origin: 'http://tonic.test', since }])).toMatchObject({
        status: 'bad',
        title: "Tonic blocked by this app's server",
        detail: "This app's server does not allow connections to http://tonic.test. Ask the organiser for a gateway setup link. Scans are kept on this device meanwhile.",
      });
      // Another origin blocked, no block, or a row that got an answer: unchanged.
      expect(explainBlocked(tonic, [{ origin: 'https://other.test', since }])).toBe(tonic);
      expect(explainBlocked(tonic, undefined)).toBe(tonic);
      const answered = (await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json(occurrences)) }, false)).tonic;
      expect(explainBlocked(answered, [{ origin: 'http://tonic.test', since }])).toBe(answered);
      const rsu = await checkRunSignup({ ...deps, config: RSU_CONFIG, fetchImpl: offlineFetch }, false);
      expect(explainBlocked(rsu, [{ origin: 'https://rsu.test', since }])).toMatchObject({
        title: "RunSignup blocked by this app's server",
        detail: expect.stringContaining('Check-ins are not affected'),
      });
    });

    it('an http:// server from an https app is named as not allowed before any request (the browser refuses it silently)', async () => {
      const fetchImpl = fakeFetch(() => json(occurrences));
      const https = { ...deps, appOrigin: 'https://door.test', fetchImpl };
      const { tonic, clock } = await checkTonicAndClock(https, false);
      expect(tonic).toMatchObject({
        status: 'bad',
        title: 'Tonic address not allowed over https',
        detail:
          'This app is served over https and cannot send to the http:// address http://tonic.test. Ask the organiser for a gateway setup link or an https address. Scans are kept on this device meanwhile.',
      });
      expect(clock).toMatchObject({ status: 'unknown' });
      const rsu = await checkRunSignup({ ...https, config: { ...RSU_CONFIG, runsignup: { ...RSU_CONFIG.runsignup!, baseUrl: 'http://rsu.test' } } }, false);
      expect(rsu).toMatchObject({ status: 'bad', title: 'RunSignup address not allowed over https', detail: expect.stringContaining('http://rsu.test') });
      expect(fetchImpl.urls).toEqual([]);
    });

    it('only a failure to connect is explained as a block: the row carries how it failed, whatever its words', async () => {
      const since = new Date(NOW).toISOString();
      const refused = (await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json({}, 401)) }, false)).tonic;
      expect(refused.errorKind).toBe('auth');
      expect(refused.origin).toBe('http://tonic.test');
      expect(explainBlocked(refused, [{ origin: 'http://tonic.test', since }])).toBe(refused);
      const unreachable = (await checkTonicAndClock({ ...deps, fetchImpl: offlineFetch }, false)).tonic;
      expect(unreachable.errorKind).toBe('network');
      expect(explainBlocked({ ...unreachable, title: 'Some other words' }, [{ origin: 'http://tonic.test', since }]).title).toBe("Tonic blocked by this app's server");
    });

    it('an unknown event, a server error and a Wi-Fi sign-in page each say so', async () => {
      const notFound = await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json({ error: 'Event not found' }, 404)) }, false);
      expect(notFound.tonic).toMatchObject({ status: 'bad', title: 'Tonic does not know this event', detail: expect.stringContaining('new setup link') });
      const broken = await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json({ error: 'boom' }, 503)) }, false);
      expect(broken.tonic).toMatchObject({ status: 'bad', title: 'Tonic answered with an error', detail: expect.stringContaining('Server error (503)') });
      const portal = await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => new Response('<html>Sign in to Wi-Fi</html>', { status: 200, headers: { date: new Date(NOW).toUTCString() } })) }, false);
      expect(portal.tonic).toMatchObject({ status: 'bad', title: 'Tonic did not answer itself', detail: expect.stringContaining('Wi-Fi sign-in page') });
    });

    it('a clock more than a minute off is red, saying which way; a hidden Date header is unknown, not green', async () => {
      const ahead = new Date(NOW + 5 * 60_000).toUTCString();
      expect((await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json(occurrences, 200, ahead)) }, false)).clock).toMatchObject({ status: 'bad', title: 'Clock 5 minutes behind the server' });
      const behind = new Date(NOW - 2 * 60 * 60_000).toUTCString();
      expect((await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json(occurrences, 200, behind)) }, false)).clock).toMatchObject({ status: 'bad', title: 'Clock 2 hours ahead of the server' });
      const close = new Date(NOW + 50_000).toUTCString();
      expect((await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json(occurrences, 200, close)) }, false)).clock.status).toBe('ok');
      const hidden = await checkTonicAndClock({ ...deps, fetchImpl: fakeFetch(() => json(occurrences, 200, null)) }, false);
      expect(hidden.clock).toMatchObject({ status: 'unknown', detail: expect.stringContaining('Access-Control-Expose-Headers') });
    });

    it('measures the offset at the middle of the request, allowing for the header\'s one-second resolution', () => {
      expect(clockOffsetOf({ status: 200, date: new Date(10_000).toUTCString(), sentAt: 9_000, receivedAt: 11_000 })).toEqual({ offsetMs: 500, uncertaintyMs: 1_500 });
      expect(clockOffsetOf({ status: 200, date: 'yesterday-ish', sentAt: 0, receivedAt: 0 })).toBeNull();
    });
  });

  describe('RunSignup credentials', () => {
    it('is "not used" when the setup has no RunSignup', async () => {
      const fetchImpl = fakeFetch(() => json({}));
      expect(await checkRunSignup({ ...deps, config: TEST_CONFIG, fetchImpl }, false)).toMatchObject({ status: 'ok', title: 'RunSignup not used' });
      expect(fetchImpl.urls).toEqual([]);
    });

    it('is green when a counts call for a scanned ticket answers 200, the secret only in a header', async () => {
      await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: '2148', input: 'manual' });
      const fetchImpl = fakeFetch(() => json({ window_checked_in_counts: [{ ticket_id: 2148, window_checked_in_count: 1 }] }));
      expect(await checkRunSignup({ ...deps, fetchImpl }, false)).toMatchObject({ status: 'ok', title: 'RunSignup accepts this device' });
      expect(fetchImpl.urls[0]).toContain('ticket_ids=2148');
      expect(fetchImpl.urls[0]).not.toContain('shh');
      expect(fetchImpl.headers[0]).toMatchObject({ 'X-RSU-API-SECRET': 'shh' });
      // With nothing scanned any id will do; a 200 that leaves that ticket out still proves the key and secret.
      const empty = fakeFetch(() => json({ window_checked_in_counts: [] }));
      const fresh = createEngineFixture();
      expect(await checkRunSignup({ ...deps, db: fresh.db, fetchImpl: empty }, false)).toMatchObject({ status: 'ok' });
      expect(empty.urls[0]).toContain('ticket_ids=1');
    });

    it('is red when refused, and "Cannot reach" when the network is down', async () => {
      expect(await checkRunSignup({ ...deps, fetchImpl: fakeFetch(() => json({ error: 'API key or API secret is wrong' }, 401)) }, false)).toMatchObject({
        status: 'bad',
        title: 'RunSignup refused the key',
        detail: expect.stringContaining('new setup link'),
      });
      expect(await checkRunSignup({ ...deps, fetchImpl: offlineFetch }, true)).toMatchObject({ status: 'bad', title: 'Cannot reach RunSignup' });
      expect(await checkRunSignup({ ...deps, fetchImpl: fakeFetch(() => json({ error: 'Ticket event 123 not found' }, 404)) }, false)).toMatchObject({ status: 'bad', title: 'RunSignup does not know this event' });
    });
  });

  describe('event data and the outbox', () => {
    it('event data: green under an hour with its age in words, amber when older, red when never fetched', async () => {
      expect(await checkEventData(deps)).toMatchObject({ status: 'bad', title: 'No event data yet' });
      await writeSyncStatus(fixture.db, { lastOccurrencesAt: new Date(NOW - 3 * 60_000).toISOString() });
      expect(await checkEventData(deps)).toMatchObject({ status: 'ok', title: 'Event data from 3 minutes ago' });
      await writeSyncStatus(fixture.db, { lastOccurrencesAt: new Date(NOW - 10_000).toISOString() });
      expect((await checkEventData(deps)).title).toBe('Event data from just now');
      await writeSyncStatus(fixture.db, { lastOccurrencesAt: new Date(NOW - 2 * 60 * 60_000).toISOString(), lastOccurrencesError: 'No connection to the server' });
      expect(await checkEventData(deps)).toMatchObject({ status: 'warn', title: 'Event data from 2 hours ago', detail: expect.stringContaining('The last try failed: No connection to the server') });
    });

    it('scans waiting: green at none, amber with the number and a way to Activity', async () => {
      expect(await checkWaiting(deps)).toMatchObject({ status: 'ok', title: 'All scans sent' });
      for (const payload of ['2148', '2149', '2150']) await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'manual' });
      expect(await checkWaiting(deps)).toMatchObject({ status: 'warn', title: '3 scans waiting to send', action: { kind: 'openActivity', label: 'Open Activity' } });
    });
  });

  it('runs every row, reports each as it comes, in screen order; a check that throws is an unknown row', async () => {
    await writeSyncStatus(fixture.db, { lastOccurrencesAt: new Date(NOW - 60_000).toISOString() });
    await replaceGuestList(fixture.db, [entryFixture(1)], { meta: metaFixture({ fetchedAt: new Date(NOW - 60_000).toISOString() }), origin: 'gateway', syncedAt: 'x' });
    const answered: string[] = [];
    const rows = await runPreDoorsCheck(deps, true, (some) => answered.push(...some.map((row) => row.id)));
    expect(rows.map((row) => row.id)).toEqual(PRE_DOORS_ROWS.map((row) => row.id));
    expect(rows.map((row) => row.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect([...answered].sort()).toEqual(PRE_DOORS_ROWS.map((row) => row.id).sort());

    const broken = await runPreDoorsCheck({ ...deps, storage: { persisted: () => Promise.reject(new Error('storage exploded')) } }, true);
    expect(broken.find((row) => row.id === 'storage')).toMatchObject({ status: 'unknown', title: 'Storage: not checked', detail: expect.stringContaining('storage exploded') });
    expect(deps.log).toHaveBeenCalledWith('pre-doors check: a check failed', expect.any(Error));
  });

  it('says ages and offsets in words', () => {
    expect([durationInWords(4_000), durationInWords(60_000), durationInWords(-5 * 60_000), durationInWords(3 * 3_600_000), durationInWords(3 * 86_400_000)]).toEqual([
      '4 s',
      '1 minute',
      '5 minutes',
      '3 hours',
      '3 days',
    ]);
  });
});
