// The engine runs the history's clearing in the background: once at start, then on its hourly timer (the timers and the
// clock are the test's), again at once when staff choose fewer days, and never after stop().
// @vitest-environment node
import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DoorlistDatabase } from '../db/database.ts';
import type { ScanRow } from '../db/tables.ts';
import { DAY_MS, PRUNE_EVERY_MS } from '../outbox/historyRetention.ts';
import { noBrowserDeps, seededRandom, TEST_CONFIG } from '../testing/engineFixture.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { createEngine } from './createEngine.ts';
import type { EngineDeps } from './engineDeps.ts';

const START = Date.parse('2026-12-03T20:00:00Z');
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

let databases = 0;
function engineWithTimers() {
  let nowMs = START;
  const random = seededRandom(11);
  const timers = new Map<number, { callback: () => void; delayMs: number }>();
  let nextHandle = 0;
  const deps: EngineDeps = {
    db: new DoorlistDatabase(`retention-engine-${++databases}-${Date.now()}`),
    now: () => new Date(nowMs),
    random,
    newId: () => ulid(nowMs, random),
    fetch: () => Promise.reject(new Error('offline in this test')),
    online: { isOnline: () => false, onOnline: () => () => undefined },
    timers: {
      setTimer(callback, delayMs) {
        timers.set(++nextHandle, { callback, delayMs });
        return nextHandle;
      },
      clearTimer: (handle) => void timers.delete(handle as number),
    },
    onWake: () => () => undefined,
    origin: 'http://doorlist.test',
    ...noBrowserDeps(),
  };
  const engine = createEngine(deps);
  stops.push(() => engine.stop());
  const pruneTimers = () => [...timers.entries()].filter(([, timer]) => timer.delayMs === PRUNE_EVERY_MS);
  return {
    engine,
    db: deps.db,
    advance: (ms: number) => void (nowMs += ms),
    pruneTimers,
    /** Fires the clearing's hourly timer, as the browser would an hour later. */
    fireHourly() {
      const [entry] = pruneTimers();
      if (!entry) throw new Error('no hourly timer is set');
      timers.delete(entry[0]);
      entry[1].callback();
    },
    confirmedAt: (ms: number, ticketId: string): ScanRow =>
      scanRowFixture({ id: ulid(ms, random), ticketId, state: 'confirmed', scannedAt: new Date(ms).toISOString(), serverResult: { result: 'success', message: null, checkedInAt: null, checkedInDevice: null, receivedAt: new Date(ms).toISOString() } }),
  };
}

const tickets = async (db: DoorlistDatabase) => (await db.scans.orderBy('id').toArray()).map((scan) => scan.ticketId);

describe('the engine clears old history in the background', () => {
  it('at start, then on the hourly timer, at once when the days change, and not after stop', async () => {
    const t = engineWithTimers();
    await t.engine.open();
    await t.engine.setUp(TEST_CONFIG);
    await t.db.scans.bulkAdd([
      t.confirmedAt(START - 20 * DAY_MS, 'twenty days'),
      t.confirmedAt(START - 10 * DAY_MS, 'ten days'),
      { ...t.confirmedAt(START - 30 * DAY_MS, 'queued long ago'), state: 'queued', serverResult: null },
      t.confirmedAt(START - 60_000, 'a minute'),
    ]);
    expect(t.pruneTimers()).toHaveLength(0); // nothing before start

    t.engine.start();
    await vi.waitFor(async () => expect(await tickets(t.db)).toEqual(['queued long ago', 'ten days', 'a minute']));
    await vi.waitFor(() => expect(t.pruneTimers()).toHaveLength(1)); // the next run, an hour after this one ended

    // Five days on, the hourly run finds "ten days" fifteen days old.
    t.advance(5 * DAY_MS);
    t.fireHourly();
    await vi.waitFor(async () => expect(await tickets(t.db)).toEqual(['queued long ago', 'a minute']));
    await vi.waitFor(() => expect(t.pruneTimers()).toHaveLength(1));

    // Staff keep 3 days: the scan five days old goes now, not at the next hour.
    expect(await t.engine.updatePreferences({ historyDays: 3 })).toBe(true);
    await vi.waitFor(async () => expect(await tickets(t.db)).toEqual(['queued long ago']));
    const status = await t.db.syncStatus.get('sync');
    expect(status?.historyPrune).toMatchObject({ totalRemoved: 3, keptOlder: 1 });

    t.engine.stop();
    expect(t.pruneTimers()).toHaveLength(0);
  });
});
