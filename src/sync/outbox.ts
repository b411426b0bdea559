// Outbox state transitions on the scans table: claim a batch under a lease, release expired leases, requeue, settle.
import Dexie from 'dexie';
import type { DoorlistDatabase } from '../db/database.ts';
import type { ScanRow } from '../db/tables.ts';

export const LEASE_MS = 2 * 60_000;

/** Scans still to reach the server: the outbox proper (what "N waiting to send" counts everywhere). */
export const countWaiting = (db: DoorlistDatabase): Promise<number> => db.scans.where('state').anyOf('queued', 'sending').count();

/**
 * Rows whose sender died (tab killed, crash) go back to the queue; at-least-once, the scan time makes a resend harmless.
 * `allOrphaned`: the caller holds the device-wide sync lock, so no one else is sending and every `sending` row is orphaned,
 * whatever its lease says (a killed tab's lease would otherwise hold its rows for minutes).
 */
export async function releaseExpiredLeases(db: DoorlistDatabase, nowMs: number, allOrphaned = false): Promise<number> {
  return db.transaction('rw', db.scans, () =>
    db.scans
      .where('state')
      .equals('sending')
      .filter((row) => allOrphaned || row.leaseUntil === null || row.leaseUntil <= nowMs)
      .modify({ state: 'queued', leaseUntil: null, batchId: null }),
  );
}

/**
 * Claims up to `batchSize` due rows, oldest first, all of one direction (check-ins and check-outs go to different
 * endpoints): the run of rows up to the first of the other direction, so in, out, in again reach Tonic in that order.
 */
export async function claimBatch(db: DoorlistDatabase, nowMs: number, batchSize: number, batchId: string): Promise<ScanRow[]> {
  return db.transaction('rw', db.scans, async () => {
    // Queued rows in id order (scan time): a ticket's scans reach Tonic in the order they were made. A row not due yet
    // (backing off) holds back the later rows of its ticket, or "in, out" could arrive as "out, in". One index walk,
    // stopped as soon as the batch is full: a 10,000-scan drain visits each row about once.
    const held = new Set((await db.scans.where('state').equals('sending').toArray()).flatMap((row) => (row.ticketId ? [row.ticketId] : [])));
    const due: ScanRow[] = [];
    await db.scans
      .where('state')
      .equals('queued')
      .until(() => due.length >= batchSize)
      .each((row) => {
        if (row.nextAttemptAt > nowMs) {
          if (row.ticketId) held.add(row.ticketId);
        } else if (!row.ticketId || !held.has(row.ticketId)) {
          due.push(row);
        }
      });
    const otherDirectionAt = due.findIndex((row) => row.direction !== due[0]?.direction);
    const claimed = (otherDirectionAt === -1 ? due : due.slice(0, otherDirectionAt)).map((row) => ({
      ...row,
      state: 'sending' as const,
      batchId,
      leaseUntil: nowMs + LEASE_MS,
    }));
    await db.scans.bulkPut(claimed);
    return claimed;
  });
}

/** Keeps a batch's lease alive across the several requests of a split batch, so no other runner takes it meanwhile. */
export async function extendLease(db: DoorlistDatabase, batchId: string, ids: readonly string[], leaseUntil: number): Promise<void> {
  await settleRows(db, batchId, ids, () => ({ leaseUntil }));
}

/** Applies `change` to the batch's rows that are still ours (state sending, same batch id). */
export async function settleRows(
  db: DoorlistDatabase,
  batchId: string,
  ids: readonly string[],
  change: (row: ScanRow) => Partial<ScanRow>,
): Promise<void> {
  await db.transaction('rw', db.scans, async () => {
    const rows = await db.scans.bulkGet([...ids]);
    const updates = rows
      .filter((row): row is ScanRow => row !== undefined && row.state === 'sending' && row.batchId === batchId)
      .map((row) => ({ ...row, ...change(row) }));
    await db.scans.bulkPut(updates);
  });
}

/** The batch (or only `onlyIds` of it) goes back to the queue: `delayMs(row)` decides when each row is due again. */
export async function requeueBatch(
  db: DoorlistDatabase,
  batchId: string,
  nowMs: number,
  lastError: string,
  delayMs: (row: ScanRow) => number,
  countAttempt: boolean,
  onlyIds?: readonly string[],
): Promise<void> {
  const ids = onlyIds ?? (await db.scans.where('state').equals('sending').filter((row) => row.batchId === batchId).primaryKeys());
  await settleRows(db, batchId, ids, (row) => {
    const attempts = countAttempt ? row.attempts + 1 : row.attempts;
    return { state: 'queued', attempts, nextAttemptAt: nowMs + delayMs({ ...row, attempts }), leaseUntil: null, batchId: null, lastError };
  });
}
