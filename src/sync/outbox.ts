// The scan outbox: queued rows in the scans table, and one lease row per batch in flight (claim, settle, requeue, release).
//
// A batch is claimed by writing one lease row naming its scans, not by rewriting each scan to `sending`: a claim used to
// put 500 rows and their four indexes a second time for every batch, 43% of a 10,000-scan drain. A scan in flight stays
// `queued` (it has not reached the server yet); the lease says who is sending it and until when. Whoever holds the lease
// owns its rows: only the holder settles them, and a lease that is gone (expired and released) owns nothing.
import type { DoorlistDatabase } from '../db/database.ts';
import type { LeaseRow, ScanRow } from '../db/tables.ts';

export const LEASE_MS = 2 * 60_000;

/** Scans still to reach the server: the outbox proper (what "N waiting to send" counts everywhere). */
export const countWaiting = (db: DoorlistDatabase): Promise<number> => db.scans.where('state').equals('queued').count();

/** A lease its sender may still be using: not expired. */
const isLive = (lease: LeaseRow, nowMs: number) => lease.leaseUntil > nowMs;

/**
 * Leases whose sender died (tab killed, crash) are dropped, so their scans can be claimed again; at-least-once, the scan
 * time makes a resend harmless. `allOrphaned`: the caller holds the device-wide sync lock, so no one else is sending and
 * every lease is orphaned, whatever it says (a killed tab's lease would otherwise hold its scans for minutes).
 * Returns how many scans went back to the queue.
 */
export async function releaseExpiredLeases(db: DoorlistDatabase, nowMs: number, allOrphaned = false): Promise<number> {
  return db.transaction('rw', db.leases, async () => {
    const dead = (await db.leases.toArray()).filter((lease) => allOrphaned || !isLive(lease, nowMs));
    await db.leases.bulkDelete(dead.map((lease) => lease.batchId));
    return dead.reduce((sum, lease) => sum + lease.scanIds.length, 0);
  });
}

/**
 * Claims up to `batchSize` due rows, oldest first, all of one direction (check-ins and check-outs go to different
 * endpoints): the run of rows up to the first of the other direction, so in, out, in again reach Tonic in that order.
 * The claim is one lease row; the scans themselves are only read.
 */
export async function claimBatch(db: DoorlistDatabase, nowMs: number, batchSize: number, batchId: string): Promise<ScanRow[]> {
  return db.transaction('rw', db.scans, db.leases, async () => {
    // Queued rows in id order (scan time): a ticket's scans reach Tonic in the order they were made. A row in flight in
    // another live lease, or not due yet (backing off), holds back the later rows of its ticket, or "in, out" could
    // arrive as "out, in". One index walk, stopped as soon as the batch is full: a 10,000-scan drain visits each row
    // about once.
    const live = (await db.leases.toArray()).filter((lease) => isLive(lease, nowMs));
    const leased = new Set(live.flatMap((lease) => lease.scanIds));
    const held = new Set(live.flatMap((lease) => lease.ticketIds));
    const due: ScanRow[] = [];
    await db.scans
      .where('state')
      .equals('queued')
      .until(() => due.length >= batchSize)
      .each((row) => {
        if (leased.has(row.id) || row.nextAttemptAt > nowMs) {
          if (row.ticketId) held.add(row.ticketId);
        } else if (!row.ticketId || !held.has(row.ticketId)) {
          due.push(row);
        }
      });
    const otherDirectionAt = due.findIndex((row) => row.direction !== due[0]?.direction);
    const claimed = otherDirectionAt === -1 ? due : due.slice(0, otherDirectionAt);
    if (claimed.length > 0) {
      const ticketIds = [...new Set(claimed.flatMap((row) => (row.ticketId ? [row.ticketId] : [])))];
      await db.leases.put({ batchId, scanIds: claimed.map((row) => row.id), ticketIds, leaseUntil: nowMs + LEASE_MS });
    }
    return claimed;
  });
}

/** Keeps a batch's lease alive across the several requests of a split batch, so no other runner takes it meanwhile. */
export async function extendLease(db: DoorlistDatabase, batchId: string, leaseUntil: number): Promise<void> {
  await db.leases.update(batchId, { leaseUntil });
}

/**
 * Inside a transaction over scans and leases: the rows of `ids` that the batch's lease still owns (stored, still queued),
 * and a function that lets go of them (the lease shrinks, and is deleted once empty). Nothing if the lease is gone.
 */
export async function ownedRows(db: DoorlistDatabase, batchId: string, ids: readonly string[]): Promise<{ rows: ScanRow[]; release: () => Promise<void> }> {
  const lease = await db.leases.get(batchId);
  if (!lease) return { rows: [], release: async () => {} };
  const leased = new Set(lease.scanIds);
  const wanted = ids.filter((id) => leased.has(id));
  const rows = (await db.scans.bulkGet(wanted)).filter((row): row is ScanRow => row !== undefined && row.state === 'queued');
  const release = async () => {
    const letGo = new Set(wanted);
    const scanIds = lease.scanIds.filter((id) => !letGo.has(id));
    if (scanIds.length === 0) await db.leases.delete(batchId);
    else await db.leases.put({ ...lease, scanIds });
  };
  return { rows, release };
}

/** The scan ids a batch's lease still holds (all of them in flight), or none if the lease is gone. */
export async function leasedIds(db: DoorlistDatabase, batchId: string): Promise<string[]> {
  return (await db.leases.get(batchId))?.scanIds ?? [];
}

/** Applies `change` to the batch's rows that are still ours, and lets go of them. */
export async function settleRows(
  db: DoorlistDatabase,
  batchId: string,
  ids: readonly string[],
  change: (row: ScanRow) => Partial<ScanRow>,
): Promise<void> {
  await db.transaction('rw', db.scans, db.leases, async () => {
    const { rows, release } = await ownedRows(db, batchId, ids);
    await db.scans.bulkPut(rows.map((row) => ({ ...row, ...change(row) })));
    await release();
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
  const ids = onlyIds ?? (await leasedIds(db, batchId));
  await settleRows(db, batchId, ids, (row) => {
    const attempts = countAttempt ? row.attempts + 1 : row.attempts;
    return { state: 'queued', attempts, nextAttemptAt: nowMs + delayMs({ ...row, attempts }), lastError };
  });
}

/** Ids of scans in a live lease: queued rows that are on their way to the server right now (shown as "Sending…"). */
export async function inFlightIds(db: DoorlistDatabase, nowMs: number): Promise<Set<string>> {
  return new Set((await db.leases.toArray()).filter((lease) => isLive(lease, nowMs)).flatMap((lease) => lease.scanIds));
}

/** Rows as staff should see them: a queued row in a live lease is `sending`. Read inside the same liveQuery as the rows. */
export async function withInFlight(db: DoorlistDatabase, rows: ScanRow[], nowMs: number): Promise<ScanRow[]> {
  if (!rows.some((row) => row.state === 'queued')) return rows;
  const sending = await inFlightIds(db, nowMs);
  return sending.size === 0 ? rows : rows.map((row) => (row.state === 'queued' && sending.has(row.id) ? { ...row, state: 'sending' } : row));
}
