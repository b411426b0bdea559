// Times the sync engine's phases from outside, without touching src/: wraps the database's transactions and table calls, fetch and the Tonic client.
import Dexie from 'dexie';
import type { TonicClient } from '../../src/api/tonicClient.ts';
import type { FetchLike } from '../../src/api/httpRequest.ts';
import type { DoorlistDatabase } from '../../src/db/database.ts';
import type { DrainProfile, OpCount } from './syncProtocol.ts';

type AnyFunction = (...args: unknown[]) => unknown;
type TopLevelKind = 'start' | 'release' | 'claim' | 'settle' | 'reconcile' | 'status' | 'other';

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Calls `after(ms)` once the call's promise settles (or at once for a plain value); keeps Dexie's own promise type. */
function timed(original: AnyFunction, self: unknown, args: unknown[], after: (ms: number) => void): unknown {
  const started = performance.now();
  const result = original.apply(self, args);
  if (!isThenable(result)) {
    after(performance.now() - started);
    return result;
  }
  return result.then(
    (value) => {
      after(performance.now() - started);
      return value;
    },
    (error: unknown) => {
      after(performance.now() - started);
      throw error;
    },
  );
}

function tableNames(args: unknown[]): string[] {
  return args
    .slice(1, -1)
    .flat()
    .map((table) => (typeof table === 'string' ? table : (table as { name: string }).name))
    .sort();
}

export interface SyncProfiler {
  profile: DrainProfile;
  fetchImpl: FetchLike;
  wrapTonic(client: TonicClient): TonicClient;
}

/**
 * The engine runs one pass at a time, sequentially, so phases are told apart by their tables and order: the lease
 * release (scans + leases, first), then per batch claim (scans + leases) -> HTTP -> reconcile (scans + tickets + leases); a settle or
 * requeue (scans + leases after a claim) only on a failure. Table calls made while a reconcile transaction is open are
 * that reconcile's.
 */
export function instrumentDatabase(db: DoorlistDatabase): SyncProfiler {
  const profile: DrainProfile = { phases: {}, reconcileOps: {} };
  const record = (phase: string, ms: number) => (profile.phases[phase] ??= []).push(ms);
  const count = (op: string, ms: number) => {
    const entry: OpCount = (profile.reconcileOps[op] ??= { calls: 0, totalMs: 0 });
    entry.calls += 1;
    entry.totalMs += ms;
  };
  let previous: TopLevelKind = 'start';
  let reconcileOpen = false;

  const classify = (tables: string[]): TopLevelKind => {
    if (tables.includes('tickets')) return 'reconcile';
    if (tables.length === 1 && tables[0] === 'syncStatus') return 'status';
    if (tables.length !== 2 || !tables.includes('scans') || !tables.includes('leases')) return 'other';
    if (previous === 'start') return 'release';
    return previous === 'release' || previous === 'reconcile' ? 'claim' : 'settle';
  };

  const originalTransaction = db.transaction.bind(db) as unknown as AnyFunction;
  (db as unknown as { transaction: AnyFunction }).transaction = (...args: unknown[]) => {
    if (Dexie.currentTransaction) return timed(originalTransaction, db, args, (ms) => reconcileOpen && count('nested transaction (includes the scans calls above)', ms));
    const kind = classify(tableNames(args));
    if (kind !== 'status' && kind !== 'other') previous = kind;
    if (kind === 'reconcile') reconcileOpen = true;
    return timed(originalTransaction, db, args, (ms) => {
      if (kind === 'reconcile') reconcileOpen = false;
      record(`tx ${kind}`, ms);
    });
  };

  for (const [table, methods] of [
    [db.scans, ['bulkGet', 'bulkPut', 'get', 'put']],
    [db.tickets, ['bulkGet', 'bulkPut', 'get', 'put']],
  ] as const) {
    for (const method of methods) {
      const target = table as unknown as Record<string, AnyFunction>;
      const original = target[method]!;
      target[method] = function (this: unknown, ...args: unknown[]) {
        return timed(original, this, args, (ms) => reconcileOpen && count(`${table.name}.${method}`, ms));
      };
    }
  }

  const fetchImpl: FetchLike = (input, init) => timed(fetch as AnyFunction, globalThis, [input, init], (ms) => record('http fetch (to headers)', ms)) as Promise<Response>;

  return {
    profile,
    fetchImpl,
    wrapTonic: (client) => ({
      ...client,
      checkIn: (items) => timed(client.checkIn as AnyFunction, client, [items], (ms) => record('http checkIn (fetch + JSON + schema)', ms)) as ReturnType<TonicClient['checkIn']>,
    }),
  };
}
