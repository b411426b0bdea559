// The scan outbox: queued rows in the scans table, and one lease row per batch in flight (claim, settle, requeue, release).
//
// A batch is claimed by writing one lease row naming its scans, not by rewriting each scan to `sending`: a claim used to
// put 500 rows and their four indexes a second time for every batch, 43% of a 10,000-scan drain. A scan in flight stays
// `queued` (it has not reached the server yet); the lease says who is sending it and until when. Whoever holds the lease
// owns its scans: only the holder settles them. An expired lease is deleted by the next claim before it takes anything,
// so a scan is in at most one lease, and a sender whose lease is gone settles nothing.
//
// Rows stored as `sending` come only from a version before schema v5 (a page still open across the upgrade). They are
// treated as that version did: in flight until their own lease expires, then queued again.
import type { DoorlistDatabase } from '../db/database.ts';
import type { LeaseRow, ScanRow } from '../db/tables.ts';

export const LEASE_MS = 2 * 60_000;

/**
 * Scans still to reach the server: the outbox proper (what "N waiting to send" counts everywhere). Two counts of one
 * index key each, answered by IndexedDB itself: `anyOf` would walk every waiting row with a cursor, and inside a
 * liveQuery Dexie notes each row it walks. Every screen shows this count and re-reads it after each batch, so with
 * 10,000 waiting that walk was half of what a drain cost with the app open.
 */
export const countWaiting = async (db: DoorlistDatabase): Promise<number> =>
  (await db.scans.where('state').equals('queued').count()) + (await db.scans.where('state').equals('sending').count());

/** A lease its sender may still be using: not expired. */
const isLive = (lease: { leaseUntil: number | null }, nowMs: number) => lease.leaseUntil !== null && lease.leaseUntil > nowMs;

type LegacySendingRow = ScanRow & { leaseUntil?: number | null; batchId?: string | null };

/** Rows an older version marked `sending` (see the top of this file). */
const legacySending = async (db: DoorlistDatabase): Promise<LegacySendingRow[]> => db.scans.where('state').equals('sending').toArray();

/** Deletes the leases no sender holds any more (all of them with `allOrphaned`); returns them. Inside a transaction. */
async function dropDeadLeases(db: DoorlistDatabase, nowMs: number, allOrphaned: boolean): Promise<{ live: LeaseRow[]; dead: LeaseRow[] }> {
  const leases = await db.leases.toArray();
  const dead = leases.filter((lease) => allOrphaned || !isLive(lease, nowMs));
  if (dead.length > 0) await db.leases.bulkDelete(dead.map((lease) => lease.batchId));
  return { live: leases.filter((lease) => !dead.includes(lease)), dead };
}

/**
 * Leases whose sender died (tab killed, crash) are dropped, so their scans can be claimed again; at-least-once, the scan
 * time makes a resend harmless. `allOrphaned`: the caller holds the device-wide sync lock, so no one else is sending and
 * every lease is orphaned, whatever it says (a killed tab's lease would otherwise hold its scans for minutes).
 * Returns how many scans went back to the queue.
 */
export async function releaseExpiredLeases(db: DoorlistDatabase, nowMs: number, allOrphaned = false): Promise<number> {
  return db.transaction('rw', db.scans, db.leases, async () => {
    const { dead } = await dropDeadLeases(db, nowMs, allOrphaned);
    const orphans = (await legacySending(db)).filter((row) => allOrphaned || !isLive({ leaseUntil: row.leaseUntil ?? null }, nowMs));
    await db.scans.bulkPut(orphans.map(({ leaseUntil: _leaseUntil, batchId: _batchId, ...row }) => ({ ...row, state: 'queued' as const })));
    return dead.reduce((sum, lease) => sum + lease.scans.length, 0) + orphans.length;
  });
}

/** The leases a sender may still be using. */
const liveLeases = async (db: DoorlistDatabase, nowMs: number): Promise<LeaseRow[]> => (await db.leases.toArray()).filter((lease) => isLive(lease, nowMs));

/**
 * What scans in flight (in `live` leases, or left `sending` by an older version) hold back: their ids; their tickets,
 * each with when its in-flight scan's lease ends (a ticket's later scans wait until then); and when those leases end.
 */
async function inFlight(db: DoorlistDatabase, live: readonly LeaseRow[]): Promise<{ ids: Set<string>; blockedUntil: Map<string, number>; endsAt: number[] }> {
  const legacy = await legacySending(db);
  const scans = [
    ...live.flatMap((lease) => lease.scans.map((scan) => ({ ...scan, until: lease.leaseUntil }))),
    ...legacy.map((row) => ({ id: row.id, ticketId: row.ticketId, until: row.leaseUntil ?? 0 })),
  ];
  const blockedUntil = new Map<string, number>();
  for (const scan of scans) if (scan.ticketId) blockedUntil.set(scan.ticketId, Math.max(blockedUntil.get(scan.ticketId) ?? -Infinity, scan.until));
  return {
    ids: new Set(scans.map((scan) => scan.id)),
    blockedUntil,
    endsAt: [...live.map((lease) => lease.leaseUntil), ...legacy.map((row) => row.leaseUntil ?? 0)],
  };
}

/**
 * Claims up to `batchSize` due rows, oldest first, all of one direction (check-ins and check-outs go to different
 * endpoints): the run of rows up to the first of the other direction, so in, out, in again reach Tonic in that order.
 * The claim is one lease row; the scans themselves are only read.
 */
export async function claimBatch(db: DoorlistDatabase, nowMs: number, batchSize: number, batchId: string): Promise<ScanRow[]> {
  return db.transaction('rw', db.scans, db.leases, async () => {
    // An expired lease goes first: its late sender must find it gone, not settle scans this claim is taking.
    const { live } = await dropDeadLeases(db, nowMs, false);
    // Queued rows in id order (scan time): a ticket's scans reach Tonic in the order they were made. A row in flight,
    // or not due yet (backing off), holds back the later rows of its ticket, or "in, out" could arrive as "out, in".
    // One index walk, stopped as soon as the batch is full: a 10,000-scan drain visits each row about once.
    const { ids: leased, blockedUntil } = await inFlight(db, live);
    const held = new Set(blockedUntil.keys());
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
    if (claimed.length > 0) await db.leases.put({ batchId, scans: claimed.map(({ id, ticketId }) => ({ id, ticketId })), leaseUntil: nowMs + LEASE_MS });
    return claimed;
  });
}

/** Keeps a batch's lease alive across the several requests of a split batch. A lease already taken away stays gone. */
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
  const leased = new Set(lease.scans.map((scan) => scan.id));
  const wanted = new Set(ids.filter((id) => leased.has(id)));
  const rows = (await db.scans.bulkGet([...wanted])).filter((row): row is ScanRow => row !== undefined && row.state === 'queued');
  const release = async () => {
    const scans = lease.scans.filter((scan) => !wanted.has(scan.id));
    if (scans.length === 0) await db.leases.delete(batchId);
    else await db.leases.put({ ...lease, scans });
  };
  return { rows, release };
}

/** The scan ids a batch's lease still holds (all of them in flight), or none if the lease is gone. */
export async function leasedIds(db: DoorlistDatabase, batchId: string): Promise<string[]> {
  return (await db.leases.get(batchId))?.scans.map((scan) => scan.id) ?? [];
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

/**
 * When a claim could next take a scan (epoch ms), or null when none waits. A scan can go at its own due time, but not
 * before an earlier scan of its ticket can (they then go together), and not while its ticket has a scan in flight (until
 * that lease ends). One walk over the queue in scan order, as the claim makes, stopped at the first scan that can go
 * now: never a past time for a scan that cannot be taken, so the scheduler does not spin, and never a query per row
 * (with 10,000 scans of 300 tickets held behind a failed batch, that was seconds at the end of every pass).
 */
export async function nextScanDueAt(db: DoorlistDatabase, nowMs: number): Promise<number | null> {
  const { ids: leased, blockedUntil, endsAt } = await inFlight(db, await liveLeases(db, nowMs));
  const block = (ticketId: string | null, until: number) => {
    if (ticketId) blockedUntil.set(ticketId, Math.max(blockedUntil.get(ticketId) ?? -Infinity, until));
  };
  let earliest = Math.min(Infinity, ...endsAt);
  await db.scans
    .where('state')
    .equals('queued')
    .until(() => earliest <= nowMs)
    .each((row) => {
      if (leased.has(row.id)) return;
      const due = Math.max(row.nextAttemptAt, row.ticketId ? (blockedUntil.get(row.ticketId) ?? -Infinity) : -Infinity);
      earliest = Math.min(earliest, due);
      block(row.ticketId, due);
    });
  return earliest === Infinity ? null : earliest;
}

/** Ids of scans in a live lease: queued rows that are on their way to the server right now (shown as "Sending…"). */
export async function inFlightIds(db: DoorlistDatabase, nowMs: number): Promise<Set<string>> {
  return new Set((await liveLeases(db, nowMs)).flatMap((lease) => lease.scans.map((scan) => scan.id)));
}

/** Rows as staff should see them: a queued row in a live lease is `sending`. Read inside the same liveQuery as the rows. */
export async function withInFlight(db: DoorlistDatabase, rows: ScanRow[], nowMs: number): Promise<ScanRow[]> {
  if (!rows.some((row) => row.state === 'queued')) return rows;
  const sending = await inFlightIds(db, nowMs);
  return sending.size === 0 ? rows : rows.map((row) => (row.state === 'queued' && sending.has(row.id) ? { ...row, state: 'sending' } : row));
}
