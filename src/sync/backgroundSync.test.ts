import { beforeEach, describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import { applySetup } from '../engine/applySetup.ts';
import { createEngineFixture, failWith, scriptedTonic, successFor, TEST_CONFIG, type TonicScript } from '../testing/engineFixture.ts';
import { drainOnSyncEvent, isConnectivityError, OUTBOX_SYNC_TAG, requestBackgroundSync } from './backgroundSync.ts';
import { countWaiting } from '../outbox/outbox.ts';
import { runSyncPass } from './syncPass.ts';
import { writeSyncStatus } from './syncStatus.ts';
import { apiError } from '../api/apiError.ts';

describe('drainOnSyncEvent (the service worker\'s sync event)', () => {
  let fixture = createEngineFixture();
  beforeEach(async () => {
    fixture = createEngineFixture();
    await applySetup(fixture.db, TEST_CONFIG, 50, fixture.nowDate());
  });

  async function scan(payloads: string[]) {
    for (const payload of payloads) {
      await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'camera' });
      fixture.advance(1_000);
    }
  }

  const deps = (script: TonicScript) => {
    const tonic = scriptedTonic(script);
    const runPass = () =>
      runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
    return { tonic, drain: () => drainOnSyncEvent({ db: fixture.db, runPass, locks: null, now: fixture.now }) };
  };

  it('sends scans that were backing off after the network went away: the sync event means it is back', async () => {
    await scan(['2148', '2149']);
    const offline = deps(() => failWith('network', 'No connection'));
    await expect(offline.drain()).rejects.toThrow('2 scans still waiting to send (network: No connection)');
    const rows = await fixture.db.scans.toArray();
    expect(rows.every((row) => row.state === 'queued' && row.nextAttemptAt > fixture.now())).toBe(true); // backing off

    const online = deps((items) => ({ ok: true, value: items.map(successFor) }));
    await expect(online.drain()).resolves.toBe('drained');
    expect(online.tonic.calls.flat().map((item) => item.ticket_id)).toEqual(['2148', '2149']);
    expect(await countWaiting(fixture.db)).toBe(0);
  });

  it('rejects while scans still wait, so the browser fires the event again later', async () => {
    await scan(['2148']);
    const down = deps(() => failWith('server', 'HTTP 503'));
    await expect(down.drain()).rejects.toThrow(/1 scans still waiting/);
    expect(await countWaiting(fixture.db)).toBe(1);
  });

  it('does not ask for a retry when sync is paused for credentials: a person must act', async () => {
    await scan(['2148']);
    await writeSyncStatus(fixture.db, { pause: { kind: 'auth', message: 'HTTP 401', since: fixture.nowDate().toISOString() } });
    const paused = deps(() => {
      throw new Error('must not send while paused');
    });
    await expect(paused.drain()).resolves.toBe('paused');
    expect(paused.tonic.calls).toEqual([]);
    expect(await countWaiting(fixture.db)).toBe(1);
  });

  it('does nothing on a device that is not set up', async () => {
    const fresh = createEngineFixture();
    const runPass = () => Promise.reject(new Error('must not run'));
    await expect(drainOnSyncEvent({ db: fresh.db, runPass, locks: null, now: fresh.now })).resolves.toBe('notSetUp');
  });

  it('runs its pass inside the device-wide sync lock', async () => {
    await scan(['2148']);
    const taken: string[] = [];
    const locks = {
      request: (name: string, _options: unknown, task: () => Promise<unknown>) => {
        taken.push(name);
        return task();
      },
    } as unknown as LockManager;
    const tonic = scriptedTonic((items) => ({ ok: true, value: items.map(successFor) }));
    const runPass = () =>
      runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: true, log: () => {} });
    await expect(drainOnSyncEvent({ db: fixture.db, runPass, locks, now: fixture.now })).resolves.toBe('drained');
    expect(taken).toEqual(['doorlist-sync']);
  });
});

describe('requestBackgroundSync (the page asking)', () => {
  const log = () => {};

  it('registers the outbox tag where the browser has Background Sync', async () => {
    const tags: string[] = [];
    const registration = { sync: { register: async (tag: string) => void tags.push(tag) } };
    const container = { getRegistration: async () => registration as unknown as ServiceWorkerRegistration };
    await expect(requestBackgroundSync(container, log)).resolves.toBe(true);
    expect(tags).toEqual([OUTBOX_SYNC_TAG]);
  });

  it('answers false, never throws, without Background Sync, without a worker, or when refused', async () => {
    await expect(requestBackgroundSync(undefined, log)).resolves.toBe(false);
    await expect(requestBackgroundSync({ getRegistration: async () => undefined }, log)).resolves.toBe(false);
    const safari = { getRegistration: async () => ({}) as ServiceWorkerRegistration };
    await expect(requestBackgroundSync(safari, log)).resolves.toBe(false);
    const refused = { sync: { register: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } };
    await expect(requestBackgroundSync({ getRegistration: async () => refused as unknown as ServiceWorkerRegistration }, log)).resolves.toBe(false);
  });

  it('is for lost connectivity only: 5xx and 429 keep their own backoff', () => {
    expect(isConnectivityError(apiError('network', 'x'))).toBe(true);
    expect(isConnectivityError(apiError('timeout', 'x'))).toBe(true);
    expect(isConnectivityError(apiError('server', 'x', 503))).toBe(false);
    expect(isConnectivityError(apiError('rateLimited', 'x', 429))).toBe(false);
    expect(isConnectivityError(null)).toBe(false);
  });
});
