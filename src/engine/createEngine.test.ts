// The engine's facade on its own: no browser globals, every platform part passed in (a database, a clock, a fetch, an
// online switch). What a screen does goes through commands and live queries, and reaches the emulator as it would.
// @vitest-environment node
import { monotonicFactory } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoTickets } from '../../server/demoData.ts';
import { demoSetupConfig } from '../../server/demoSetupConfig.ts';
import { TEST_NOW, useTestServer } from '../../server/testing/testServer.ts';
import { DoorlistDatabase } from '../db/database.ts';
import { noBrowserDeps, seededRandom } from '../testing/engineFixture.ts';
import { createEngine, type DoorlistEngine } from './createEngine.ts';
import type { EngineDeps } from './engineDeps.ts';
import type { Live } from './live.ts';

const server = useTestServer();
let databases = 0;
const running: Array<() => void> = [];
afterEach(() => {
  for (const stop of running.splice(0).reverse()) stop(); // subscriptions end before their engine
});

/** An engine over a fresh database, the test server's clock, real HTTP, and an online switch the test flips. */
function testEngine(fetchImpl: EngineDeps['fetch'] = (input, init) => fetch(input, init)) {
  const onOnline = new Set<() => void>();
  let online = false;
  const ulid = monotonicFactory(seededRandom(7));
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const deps: EngineDeps = {
    db: new DoorlistDatabase(`engine-test-${++databases}-${Date.now()}`),
    now: () => TEST_NOW,
    random: seededRandom(7),
    newId: () => ulid(TEST_NOW.getTime()),
    fetch: fetchImpl,
    online: {
      isOnline: () => online,
      onOnline(listener) {
        onOnline.add(listener);
        return () => onOnline.delete(listener);
      },
    },
    timers: {
      setTimer(callback, delayMs) {
        const handle = setTimeout(() => {
          timers.delete(handle);
          callback();
        }, Math.min(delayMs, 50));
        timers.add(handle);
        return handle;
      },
      clearTimer(handle) {
        clearTimeout(handle as ReturnType<typeof setTimeout>);
        timers.delete(handle as ReturnType<typeof setTimeout>);
      },
    },
    onWake(wake, onBack) {
      onOnline.add(onBack);
      return () => onOnline.delete(onBack);
    },
    origin: server.url,
    ...noBrowserDeps(),
  };
  const engine = createEngine(deps);
  running.push(() => {
    engine.stop();
    for (const handle of timers) clearTimeout(handle);
  });
  return {
    engine,
    db: deps.db,
    goOnline() {
      online = true;
      for (const listener of [...onOnline]) listener();
    },
  };
}

/** The latest value of a live query, kept as it changes. */
function follow<T>(query: Live<T>): { latest(): T | undefined } {
  let latest: T | undefined;
  running.push(query.subscribe((value) => (latest = value)));
  return { latest: () => latest };
}

const ticket = (index: number) => demoTickets().filter((demo) => !demo.cancelled && /^[0-9a-f]{24}\./.test(demo.ticketId))[index]!.ticketId;

async function setUpOffline(engine: DoorlistEngine) {
  await engine.open();
  await engine.setUp(demoSetupConfig(server.url));
  engine.start();
}

describe('the engine facade', () => {
  it('a scan made offline is stored, counted live, and sent exactly once when the network is back', async () => {
    const { engine, goOnline } = testEngine();
    await setUpOffline(engine);
    const waiting = follow(engine.live.waiting());
    const recent = follow(engine.live.recentScans(5));
    const config = (await engine.currentSettings())!.config;

    const result = await engine.scan(config, { payload: ticket(0), input: 'manual', direction: 'in' });
    expect(result.ok).toBe(true);
    await vi.waitFor(() => expect(waiting.latest()).toBe(1));
    expect(recent.latest()?.map((row) => row.ticketId)).toEqual([ticket(0)]);
    expect(server.state.checkinLog).toHaveLength(0);

    goOnline();
    await vi.waitFor(() => expect(waiting.latest()).toBe(0), { timeout: 10_000 });
    await vi.waitFor(() => expect(recent.latest()?.[0]?.state).toBe('confirmed'));
    expect(server.state.checkinLog.map((entry) => entry.ticket_id)).toEqual([ticket(0)]);
  });

  for (const [how, closeUnder] of [
    ['db.close() (Dexie answers DatabaseClosedError)', (db: DoorlistDatabase) => db.close()],
    [
      "the browser's close event (storage cleared)",
      (db: DoorlistDatabase) => {
        // What a browser does: the connection is closed under the page, then `close` fires on it; Dexie hears it.
        const connection = db.backendDB();
        connection.close();
        connection.onclose?.call(connection, new Event('close'));
      },
    ],
  ] as const) {
    it(`a scan made after the connection was closed by ${how} is stored once and sent once, and the screens keep working`, async () => {
      const { engine, db, goOnline } = testEngine();
      await setUpOffline(engine);
      const waiting = follow(engine.live.waiting());
      const config = (await engine.currentSettings())!.config;
      await engine.scan(config, { payload: ticket(0), input: 'manual', direction: 'in' });
      await vi.waitFor(() => expect(waiting.latest()).toBe(1));

      closeUnder(db);
      const result = await engine.scan(config, { payload: ticket(1), input: 'camera', direction: 'in' });
      expect(result.ok ? result.scan.ticketId : result.message).toBe(ticket(1));
      expect(db.isOpen()).toBe(true);
      expect((await db.scans.toArray()).map((row) => row.ticketId).sort()).toEqual([ticket(0), ticket(1)].sort());
      await vi.waitFor(() => expect(waiting.latest()).toBe(2)); // the live query follows the reopened connection

      goOnline();
      await vi.waitFor(() => expect(waiting.latest()).toBe(0), { timeout: 10_000 });
      expect(server.state.checkinLog.map((entry) => entry.ticket_id).sort()).toEqual([ticket(0), ticket(1)].sort());
    });
  }

  it('moves scans between devices: an export from one imports on another, whose outbox then holds them', async () => {
    const phone = testEngine();
    await setUpOffline(phone.engine);
    const config = (await phone.engine.currentSettings())!.config;
    await phone.engine.scan(config, { payload: ticket(1), input: 'manual', direction: 'in' });
    await phone.engine.scan(config, { payload: ticket(2), input: 'manual', direction: 'in' });
    const file = await phone.engine.exportScansJson(config.deviceName);
    expect(await phone.engine.exportScansCsv()).toContain(ticket(1));

    const tablet = testEngine();
    await setUpOffline(tablet.engine);
    const waiting = follow(tablet.engine.live.waiting());
    const outcome = await tablet.engine.importScans(new Blob([file]));
    expect(outcome).toMatchObject({ ok: true, added: 2, queued: 2 });
    await vi.waitFor(() => expect(waiting.latest()).toBe(2));
    expect(await tablet.engine.importScans(new Blob(['{ not an export']))).toMatchObject({ ok: false });
    expect(await tablet.engine.importScans(new Blob([]))).toEqual({ ok: false, message: 'This file is empty: it is not a Doorlist export. Nothing was changed.' });
    await vi.waitFor(() => expect(waiting.latest()).toBe(2));
  });

  it('changes nothing on a device that is not set up, and says so', async () => {
    const { engine } = testEngine();
    await engine.open();
    expect(await engine.currentSettings()).toBeNull();
    expect(await engine.updatePreferences({ sound: false })).toBe(false);
    const settings = follow(engine.live.settings());
    await vi.waitFor(() => expect(settings.latest()).toBeNull());
  });

  it('a failed scan sent again goes back to the queue; one marked handled leaves the problems', async () => {
    const { engine } = testEngine();
    await setUpOffline(engine);
    const config = (await engine.currentSettings())!.config;
    const scanned = await engine.scan(config, { payload: ticket(3), input: 'manual', direction: 'in' });
    if (!scanned.ok) throw new Error('not saved');
    const counts = follow(engine.live.activityCounts());
    await vi.waitFor(() => expect(counts.latest()?.waiting).toBe(1));
    expect(await engine.sendAgain(scanned.scan.id)).toBe(false); // it is queued, not failed: nothing to send again
    await engine.markHandled(scanned.scan.id);
    const list = follow(engine.live.activityList('all', 10));
    await vi.waitFor(() => expect(list.latest()?.[0]?.row.handledAt).not.toBeNull());
  });
  it('through a gateway, the door feed open again after failing sends the waiting scans at once, not after their backoff', async () => {
    // The gateway, made of the test server's Tonic behind `/api/tonic` and a door feed that stays open; `down` cuts both
    // as a dead uplink does (the browser still says online). The clock stands still: a backed-off scan is never due by
    // its own time, so only the feed's reconnection can send it.
    let down = true;
    let feeds = 0;
    const gatewayFetch: EngineDeps['fetch'] = (input, init) => {
      if (down) return Promise.reject(new TypeError('Failed to fetch'));
      const url = String(input);
      if (url.endsWith('/api/events')) {
        feeds += 1;
        const signal = init?.signal;
        const body = new ReadableStream<Uint8Array>({ start: (controller) => signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError'))) });
        return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
      }
      return fetch(url.replace('/api/tonic/', '/tonic/'), init);
    };
    const { engine, goOnline } = testEngine(gatewayFetch);
    await engine.open();
    const config = demoSetupConfig(server.url);
    await engine.setUp({ ...config, tonic: { ...config.tonic, baseUrl: `${server.url}/api/tonic` } });
    goOnline();
    engine.start();
    const status = follow(engine.live.syncStatus());
    const waiting = follow(engine.live.waiting());

    await engine.scan((await engine.currentSettings())!.config, { payload: ticket(4), input: 'manual', direction: 'in' });
    await vi.waitFor(() => expect(status.latest()?.lastFailure?.kind).toBe('network'));
    expect(waiting.latest()).toBe(1);

    down = false;
    await vi.waitFor(() => expect(feeds).toBeGreaterThan(0), { timeout: 10_000 });
    await vi.waitFor(() => expect(waiting.latest()).toBe(0), { timeout: 10_000 });
    expect(server.state.checkinLog.map((entry) => entry.ticket_id)).toEqual([ticket(4)]);
    expect(status.latest()?.lastFailure).toBeNull();
  });
});
