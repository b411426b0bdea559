// Test fixture for the engine: a fresh fake-indexeddb database, a settable clock, a seeded random, a scripted Tonic.
import { monotonicFactory } from 'ulid';
import { apiError, type ApiResult } from '../api/apiError.ts';
import type { TonicClient } from '../api/tonicClient.ts';
import type { TonicCheckInEntry, TonicCheckOutEntry, TonicTicketItem } from '../api/tonicSchemas.ts';
import { DoorlistDatabase } from '../db/database.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';

export const TEST_CONFIG: SetupConfig = {
  v: 1,
  deviceName: 'North gate 1',
  source: 'doorlist',
  venueTimeZone: 'Europe/London',
  tonic: { baseUrl: 'http://tonic.test', token: 't', eventId: 'e' },
};

let databaseCounter = 0;

/** The parts of EngineDeps an engine test in Node has no browser for: no locks, worker, storage or camera, and a quiet log. */
export const noBrowserDeps = () => ({
  pageUrl: () => undefined,
  locks: null,
  policyReports: new EventTarget(),
  serviceWorker: undefined,
  storage: null,
  camera: null,
  secureContext: true,
  log: () => undefined,
});

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function createEngineFixture(startIso = '2026-11-24T19:00:00Z') {
  const db = new DoorlistDatabase(`test-${++databaseCounter}-${Date.now()}`);
  let nowMs = Date.parse(startIso);
  const random = seededRandom(42);
  const ulid = monotonicFactory(random);
  return {
    db,
    now: () => nowMs,
    nowDate: () => new Date(nowMs),
    advance: (ms: number) => {
      nowMs += ms;
    },
    random,
    newId: () => ulid(nowMs),
  };
}

export type TonicScript = (items: TonicTicketItem[]) => ApiResult<TonicCheckInEntry[]>;
export type TonicCheckOutScript = (items: TonicTicketItem[]) => ApiResult<TonicCheckOutEntry[]>;

const checkedOut = (items: TonicTicketItem[]): ApiResult<TonicCheckOutEntry[]> => ({ ok: true, value: items.map(() => ({ _id: 'b'.repeat(24), reference: 'DMN-1-1', checked_in: null })) });

/** A Tonic that answers from scripts and records every request, like the emulator but in-process. */
export function scriptedTonic(
  script: TonicScript,
  outScript: TonicCheckOutScript = checkedOut,
): TonicClient & { calls: TonicTicketItem[][]; outCalls: TonicTicketItem[][]; queued: TonicTicketItem[][] } {
  const calls: TonicTicketItem[][] = [];
  const outCalls: TonicTicketItem[][] = [];
  const queued: TonicTicketItem[][] = [];
  return {
    calls,
    outCalls,
    queued,
    async checkIn(items) {
      calls.push(items);
      return script(items);
    },
    async checkOut(items) {
      outCalls.push(items);
      return outScript(items);
    },
    occurrences: async () => ({ ok: true, value: [] }),
    updatePurchase: async () => ({ ok: true, value: null }),
    async queue(direction, items) {
      (direction === 'out' ? outCalls : calls).push(items);
      queued.push(items);
      return { ok: true, value: null };
    },
  };
}

export const successFor = (item: TonicTicketItem): TonicCheckInEntry => ({
  _id: 'a'.repeat(24),
  result: 'success',
  ticket: { _id: 'a'.repeat(24), reference: 'DMN-1-1', guest_name: 'Guest', checked_in: { date: `${item.time}.000000` }, check_in_device_name: item.device_name },
});

export const failWith = (kind: Parameters<typeof apiError>[0], message: string = kind, retryAfterMs: number | null = null): ApiResult<never> => ({
  ok: false,
  error: apiError(kind, message, null, retryAfterMs),
});
