// Blocks by the page's security policy: read from the browser's violation report, kept per origin in the sync status,
// matched to the setup, cleared by a new setup, and no send attempted while Tonic's origin is blocked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import { applySetup } from '../engine/applySetup.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { type BlockSource, blockedMessage, blockedOriginOf, blockForSetup, clearBlockedOrigins, clearWorkerBlocks, explainFailedFetch, insecureOrigin, listenForBlockedRequests, recordBlockedOrigin } from './connectionBlock.ts';
import { REQUEST_BLOCKED, RequestBlockedError } from '../api/apiError.ts';
import { isConnectivityError } from './backgroundSync.ts';
import { createDevicePass } from './devicePass.ts';
import { readSyncStatus, writeSyncStatus } from './syncStatus.ts';

const WITH_RUNSIGNUP: SetupConfig = {
  ...TEST_CONFIG,
  tonic: { ...TEST_CONFIG.tonic, baseUrl: 'https://tonic.example.com/api' },
  runsignup: { baseUrl: 'https://runsignup.example.com/API', ticketEventId: 123, apiKey: 'k', apiSecret: 's' },
};

/** A device set up with `config`, one scan waiting to send. */
async function deviceWithOneScan(config: SetupConfig) {
  const fixture = createEngineFixture();
  await applySetup(fixture.db, config, 50, fixture.nowDate());
  await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, config, { payload: '2148', input: 'camera' });
  return fixture;
}

/** One device pass on `fixture`'s database, sending through `fetchImpl`, as the page or the worker runs it. */
const passOn = (fixture: ReturnType<typeof createEngineFixture>, fetchImpl: (url: string) => Promise<Response>, blockSource: BlockSource = 'page') =>
  createDevicePass({ db: fixture.db, fetchImpl, isOnline: () => true, holdsSyncLock: false, newId: fixture.newId, now: fixture.now, random: () => 0.5, pageUrl: () => globalThis.location?.href, origin: globalThis.location?.origin ?? 'http://localhost', log: () => {}, blockSource })();

describe('blockedOriginOf', () => {
  it('takes the origin of a connect-src violation, whichever field names the directive', () => {
    expect(blockedOriginOf({ blockedURI: 'https://tonic.example.com/api/checkin/tickets', effectiveDirective: 'connect-src', violatedDirective: 'connect-src' })).toBe('https://tonic.example.com');
    expect(blockedOriginOf({ blockedURI: 'http://localhost:4883', violatedDirective: "connect-src 'self'" })).toBe('http://localhost:4883');
  });

  it('ignores other directives and addresses that are not http(s)', () => {
    expect(blockedOriginOf({ blockedURI: 'https://cdn.example.com/x.js', effectiveDirective: 'script-src-elem' })).toBeNull();
    expect(blockedOriginOf({ blockedURI: 'inline', effectiveDirective: 'connect-src' })).toBeNull();
    expect(blockedOriginOf({ blockedURI: 'data:text/plain,x', effectiveDirective: 'connect-src' })).toBeNull();
    expect(blockedOriginOf({ blockedURI: 'wss://feed.example.com/', effectiveDirective: 'connect-src' })).toBeNull();
  });

  it('ignores a report-only violation: nothing was refused', () => {
    expect(blockedOriginOf({ blockedURI: 'https://tonic.example.com/api', effectiveDirective: 'connect-src', disposition: 'report' })).toBeNull();
    expect(blockedOriginOf({ blockedURI: 'https://tonic.example.com/api', effectiveDirective: 'connect-src', disposition: 'enforce' })).toBe('https://tonic.example.com');
  });
});

describe('an http:// address from an https app (mixed content: refused before anything is sent)', () => {
  const insecureSetup: SetupConfig = { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl: 'http://10.0.0.5:8787/api' } };

  it('is blocked from the setup alone, on an https page only, and never for this device itself', () => {
    expect(insecureOrigin('http://10.0.0.5:8787/api', 'https://doors.example.com/scan')).toBe('http://10.0.0.5:8787');
    expect(insecureOrigin('HTTP://Tonic.Example.com/api', 'https://doors.example.com/')).toBe('http://tonic.example.com');
    expect(insecureOrigin('http://10.0.0.5:8787/api', 'http://doors.example.com/')).toBeNull();
    expect(insecureOrigin('https://tonic.example.com/api', 'https://doors.example.com/')).toBeNull();
    for (const loopback of ['http://localhost:4883', 'http://app.localhost', 'http://127.0.0.1:4883', 'http://127.9.9.9', 'http://[::1]:4883']) {
      expect(insecureOrigin(loopback, 'https://doors.example.com/')).toBeNull();
    }
    expect(insecureOrigin('/api/tonic', 'https://doors.example.com/')).toBeNull();
    expect(insecureOrigin('//tonic.example.com/api', 'https://doors.example.com/')).toBeNull(); // takes the page's https

    const block = blockForSetup(null, insecureSetup, 'https://doors.example.com/scan');
    expect(block).toEqual({ kind: 'insecure', origin: 'http://10.0.0.5:8787', service: 'Tonic', since: null, reopen: false });
    expect(blockedMessage(block!)).toBe(
      'This app is served over https and cannot send to the http:// address http://10.0.0.5:8787. Ask the organiser for a gateway setup link or an https address.',
    );
    expect(blockForSetup(null, insecureSetup, 'http://doors.example.com/scan')).toBeNull();
  });

  it('holds back a device pass on an https page: no request, no attempt spent', async () => {
    vi.stubGlobal('location', { origin: 'https://doors.example.com', href: 'https://doors.example.com/scan' });
    try {
      const fixture = await deviceWithOneScan(insecureSetup);
      const calls: string[] = [];
      expect(await passOn(fixture, async (url) => (calls.push(url), Promise.reject(new TypeError('Failed to fetch'))))).toMatchObject({ sent: 0, error: null });
      expect(calls).toEqual([]);
      expect(await fixture.db.scans.toArray()).toMatchObject([{ state: 'queued', attempts: 0 }]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('a protocol-relative base URL', () => {
  it('is matched to its blocked origin, resolved against the page', async () => {
    const fixture = createEngineFixture();
    const setup: SetupConfig = { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl: '//tonic.example.com/api' } };
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    expect(blockForSetup(await readSyncStatus(fixture.db), setup, 'https://doors.example.com/')).toMatchObject({ kind: 'policy', origin: 'https://tonic.example.com', service: 'Tonic' });
    expect(blockForSetup(await readSyncStatus(fixture.db), setup, 'http://doors.example.com/')).toBeNull(); // that page calls http://tonic…
  });
});

describe('the block in the sync status', () => {
  let fixture = createEngineFixture();
  beforeEach(async () => {
    fixture = createEngineFixture();
    await applySetup(fixture.db, WITH_RUNSIGNUP, 50, fixture.nowDate());
  });

  it('is recorded once per origin, names the service of this setup, Tonic first, and ignores other origins', async () => {
    expect(blockForSetup(await readSyncStatus(fixture.db), WITH_RUNSIGNUP)).toBeNull();
    await recordBlockedOrigin(fixture.db, 'https://elsewhere.example.com', fixture.nowDate());
    expect(blockForSetup(await readSyncStatus(fixture.db), WITH_RUNSIGNUP)).toBeNull();
    await recordBlockedOrigin(fixture.db, 'https://runsignup.example.com', fixture.nowDate());
    expect(blockForSetup(await readSyncStatus(fixture.db), WITH_RUNSIGNUP)).toMatchObject({ origin: 'https://runsignup.example.com', service: 'RunSignup' });
    const firstSeen = fixture.nowDate().toISOString();
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    fixture.advance(60_000);
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    const status = await readSyncStatus(fixture.db);
    expect(status.blockedOrigins?.map((entry) => entry.origin)).toEqual(['https://elsewhere.example.com', 'https://runsignup.example.com', 'https://tonic.example.com']);
    expect(blockForSetup(status, WITH_RUNSIGNUP)).toEqual({ kind: 'policy', origin: 'https://tonic.example.com', service: 'Tonic', since: firstSeen, reopen: false });
    expect(blockForSetup({ ...status, newerPolicy: true }, WITH_RUNSIGNUP)?.reopen).toBe(true);
    expect(blockedMessage({ kind: 'policy', origin: 'https://tonic.example.com' })).toBe("This app's server does not allow connections to https://tonic.example.com. Ask the organiser for a gateway setup link.");
  });

  it("names a direct setup's guest list address after Tonic and RunSignup", async () => {
    const withList: SetupConfig = { ...WITH_RUNSIGNUP, guestList: { baseUrl: 'https://api.designmynight.com', appId: 'a', key: 'k' } };
    await recordBlockedOrigin(fixture.db, 'https://api.designmynight.com', fixture.nowDate());
    expect(blockForSetup(await readSyncStatus(fixture.db), withList)).toMatchObject({ kind: 'policy', origin: 'https://api.designmynight.com', service: 'Guest list' });
    expect(blockForSetup(await readSyncStatus(fixture.db), WITH_RUNSIGNUP)).toBeNull();
    await recordBlockedOrigin(fixture.db, 'https://runsignup.example.com', fixture.nowDate());
    expect(blockForSetup(await readSyncStatus(fixture.db), withList)?.service).toBe('RunSignup');
    expect(blockForSetup(null, { ...withList, guestList: { baseUrl: 'http://10.0.0.5:8787/dmn', appId: 'a', key: 'k' } }, 'https://doors.example.com/')).toMatchObject({ kind: 'insecure', service: 'Guest list' });
  });

  it('never matches a setup on the app\'s own origin (a relative base URL is always allowed)', async () => {
    const gatewaySetup: SetupConfig = { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl: '/api/tonic' } };
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    expect(blockForSetup(await readSyncStatus(fixture.db), gatewaySetup)).toBeNull();
  });

  it('is cleared by a new setup, or origin by origin', async () => {
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    await recordBlockedOrigin(fixture.db, 'https://runsignup.example.com', fixture.nowDate());
    await writeSyncStatus(fixture.db, { newerPolicy: true });
    await clearBlockedOrigins(fixture.db, ['https://runsignup.example.com']);
    expect((await readSyncStatus(fixture.db)).blockedOrigins?.map((entry) => entry.origin)).toEqual(['https://tonic.example.com']);
    expect((await readSyncStatus(fixture.db)).newerPolicy).toBe(true);
    await clearBlockedOrigins(fixture.db); // a new page: under the newest policy, nothing blocked yet
    expect(await readSyncStatus(fixture.db)).toMatchObject({ blockedOrigins: [], newerPolicy: false });
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate(), 'worker');
    await applySetup(fixture.db, WITH_RUNSIGNUP, 50, fixture.nowDate());
    expect(await readSyncStatus(fixture.db)).toMatchObject({ blockedOrigins: [], workerBlockedOrigins: [] });
  });

  it("keeps the worker's blocks apart: the page's screens and clearing never see them, a new worker forgets them", async () => {
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate(), 'worker');
    const status = await readSyncStatus(fixture.db);
    expect(status.blockedOrigins ?? []).toEqual([]);
    expect(blockForSetup(status, WITH_RUNSIGNUP)).toBeNull();
    expect(blockForSetup(status, WITH_RUNSIGNUP, undefined, 'worker')).toMatchObject({ origin: 'https://tonic.example.com', service: 'Tonic' });
    expect(await clearBlockedOrigins(fixture.db)).toBe(false); // a new page: the worker's policy has not changed
    expect((await readSyncStatus(fixture.db)).workerBlockedOrigins?.map((entry) => entry.origin)).toEqual(['https://tonic.example.com']);
    await clearWorkerBlocks(fixture.db);
    expect((await readSyncStatus(fixture.db)).workerBlockedOrigins).toEqual([]);
  });

  it('follows the violation events fired at a target until stopped', async () => {
    const target = new EventTarget();
    const fire = (blockedURI: string, effectiveDirective: string) => target.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI, effectiveDirective }));
    const firsts: string[] = [];
    const listener = listenForBlockedRequests(target, fixture.db, fixture.nowDate, () => {}, (origin) => firsts.push(origin));
    fire('https://tonic.example.com/api/checkin/tickets', 'connect-src');
    fire('https://tonic.example.com/api/events/e/occurrences', 'connect-src');
    fire('https://img.example.com/a.png', 'img-src');
    await expect.poll(async () => (await readSyncStatus(fixture.db)).blockedOrigins?.map((entry) => entry.origin)).toEqual(['https://tonic.example.com']);
    expect([...listener.seen]).toEqual(['https://tonic.example.com']);
    expect(firsts).toEqual(['https://tonic.example.com']); // once per origin: it asks the worker for a newer policy
    listener.stop();
    fire('https://runsignup.example.com/API', 'connect-src');
    expect([...listener.seen]).toEqual(['https://tonic.example.com']);
  });

  it("records the worker's violations as the worker's, opening the database only when one comes", async () => {
    const target = new EventTarget();
    let opened = 0;
    listenForBlockedRequests(target, () => (opened++, fixture.db), fixture.nowDate, () => {}, undefined, 'worker');
    expect(opened).toBe(0);
    target.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI: 'https://tonic.example.com/api/checkin/tickets', effectiveDirective: 'connect-src', disposition: 'enforce' }));
    await expect.poll(async () => (await readSyncStatus(fixture.db)).workerBlockedOrigins?.map((entry) => entry.origin)).toEqual(['https://tonic.example.com']);
    expect((await readSyncStatus(fixture.db)).blockedOrigins).toEqual([]);
    expect(opened).toBe(1);
  });
});

describe('a device pass while Tonic is blocked', () => {
  beforeEach(() => vi.stubGlobal('location', { origin: 'http://app.test', href: 'http://app.test/scan' })); // the page, which relative base URLs resolve against
  afterEach(() => vi.unstubAllGlobals());

  it('sends nothing and spends no attempt; scans stay waiting; once cleared, they go', async () => {
    const fixture = createEngineFixture();
    await applySetup(fixture.db, WITH_RUNSIGNUP, 50, fixture.nowDate());
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, WITH_RUNSIGNUP, { payload: '2148', input: 'camera' });
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    const calls: string[] = [];
    const fetchImpl = async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify([{ ticket_id: '2148', result: 'success' }]), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const pass = createDevicePass({ db: fixture.db, fetchImpl, isOnline: () => true, holdsSyncLock: false, newId: fixture.newId, now: fixture.now, random: () => 0.5, pageUrl: () => globalThis.location?.href, origin: globalThis.location?.origin ?? 'http://localhost', log: () => {}, blockSource: 'page' });

    expect(await pass()).toMatchObject({ sent: 0, error: null });
    expect(calls).toEqual([]);
    const [row] = await fixture.db.scans.toArray();
    expect(row).toMatchObject({ state: 'queued', attempts: 0 });

    // A RunSignup block alone holds nothing back: check-ins do not go there.
    await clearBlockedOrigins(fixture.db, ['https://tonic.example.com']);
    await recordBlockedOrigin(fixture.db, 'https://runsignup.example.com', fixture.nowDate());
    await pass();
    expect(calls).toEqual(['https://tonic.example.com/api/checkin/tickets']);
  });

  it("goes ahead on the page when only the worker's (older) policy refused Tonic; the worker's own pass holds back", async () => {
    const fixture = await deviceWithOneScan(WITH_RUNSIGNUP);
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate(), 'worker');
    const calls: string[] = [];
    const fetchImpl = async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify([{ ticket_id: '2148', result: 'success' }]), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    await passOn(fixture, fetchImpl, 'worker');
    expect(calls).toEqual([]);
    await passOn(fixture, fetchImpl, 'page');
    expect(calls).toEqual(['https://tonic.example.com/api/checkin/tickets']);
  });
});

describe('a fetch that fails with a violation for its origin', () => {
  it('is the block, once the report (queued alongside the failure) has come; anything else stays as it was', async () => {
    const seen = new Set<string>();
    const failure = new TypeError('Failed to fetch');
    const reportComesNext = async () => void seen.add('https://tonic.example.com');
    const blocked = await explainFailedFetch(failure, 'https://tonic.example.com/api/checkin/tickets', seen, reportComesNext);
    expect(blocked).toBeInstanceOf(RequestBlockedError);
    expect((blocked as RequestBlockedError).origin).toBe('https://tonic.example.com');
    expect(await explainFailedFetch(failure, 'https://other.example.com/api', seen, async () => undefined)).toBe(failure);
    expect(await explainFailedFetch(failure, '/api/tonic/checkin/tickets', seen, async () => undefined)).toBe(failure);
    const abort = new DOMException('aborted', 'AbortError');
    expect(await explainFailedFetch(abort, 'https://tonic.example.com/api', seen, async () => undefined)).toBe(abort);
  });

  it('spends no attempt, earns no backoff and asks for no Background Sync', async () => {
    vi.stubGlobal('location', { origin: 'http://app.test', href: 'http://app.test/scan' });
    try {
      const fixture = await deviceWithOneScan(WITH_RUNSIGNUP);
      const report = await passOn(fixture, async () => Promise.reject(new RequestBlockedError('https://tonic.example.com')));
      expect(report.error).toMatchObject({ kind: 'network', code: REQUEST_BLOCKED });
      expect(isConnectivityError(report.error)).toBe(false);
      const [row] = await fixture.db.scans.toArray();
      expect(row).toMatchObject({ state: 'queued', attempts: 0 });
      expect(row!.nextAttemptAt).toBeLessThanOrEqual(Date.now()); // the device pass runs on the real clock: due now, no backoff
      // A plain network failure still counts, and backs off.
      const offline = await passOn(fixture, async () => Promise.reject(new TypeError('Failed to fetch')));
      expect(isConnectivityError(offline.error)).toBe(true);
      expect((await fixture.db.scans.toArray())[0]).toMatchObject({ attempts: 1 });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('a new setup after a blocked spell', () => {
  it('makes the queue due now: backoff earned while blocked does not keep the scans waiting', async () => {
    const fixture = await deviceWithOneScan(WITH_RUNSIGNUP);
    const [row] = await fixture.db.scans.toArray();
    await fixture.db.scans.update(row!.id, { attempts: 4, nextAttemptAt: fixture.nowDate().getTime() + 5 * 60_000 });
    await recordBlockedOrigin(fixture.db, 'https://tonic.example.com', fixture.nowDate());
    fixture.advance(1_000);
    await applySetup(fixture.db, WITH_RUNSIGNUP, 50, fixture.nowDate());
    expect((await fixture.db.scans.get(row!.id))?.nextAttemptAt).toBe(fixture.nowDate().getTime());
  });
});
