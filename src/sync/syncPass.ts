// One sync pass: recover leases, then claim -> send -> reconcile batches until the queue is empty or a failure stops us.
import { apiError, isRetryable, REQUEST_BLOCKED, type ApiError, type ApiResult } from '../api/apiError.ts';
import type { TonicTicketItem } from '../api/tonicSchemas.ts';
import type { TonicClient } from '../api/tonicClient.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { ScanRow } from '../db/tables.ts';
import { MAX_BACKOFF_MS, retryDelayMs } from './backoff.ts';
import { interpretCheckIn, type Interpretation } from './interpretCheckIn.ts';
import { interpretCheckOut } from './interpretCheckOut.ts';
import { sendBookingNotes, wakeNotesForTickets } from './bookingNotes.ts';
import { countMappingEvidence } from '../guestlist/mappingEvidence.ts';
import { guestListScope } from '../guestlist/listStore.ts';
import { DEVICE_REVOKED, REVOKED_MESSAGE, withoutCredentials } from './revocation.ts';
import { claimBatch, extendLease, LEASE_MS, leasedIds, nextScanDueAt, ownedRows, releaseExpiredLeases, requeueBatch, settleRows } from '../outbox/outbox.ts';
import { readSyncStatus, writeSyncStatus } from './syncStatus.ts';

export interface SyncPassDeps {
  db: DoorlistDatabase;
  tonic: TonicClient;
  now: () => number;
  random: () => number;
  newBatchId: () => string;
  batchSize: number;
  /** `configuredAt` of the setup this pass sends with: a refusal only pauses sync if that setup is still the current one. */
  setupVersion: string | null;
  /** True when the pass runs under the device-wide Web Lock: then no other sender exists (see releaseExpiredLeases). */
  holdsSyncLock: boolean;
  /** Async policy: with more queued scans than this, the pass sends with `async: true` (rows end "sent, unconfirmed"). */
  asyncAboveBacklog?: number | null;
  log: (message: string, context?: unknown) => void;
}

export interface SyncPassReport {
  sent: number;
  confirmed: number;
  rejected: number;
  failed: number;
  /** Sent with `async: true`: taken by the server, never confirmed per ticket. */
  unconfirmed: number;
  paused: boolean;
  error: ApiError | null;
  /** When the earliest queued row is due again (epoch ms), or null when the queue is empty. */
  nextDueAt: number | null;
  /** Tickets this pass sent: their RunSignup counts are worth refreshing (outside the pass, see engine/createEngine.ts). */
  touched: string[];
}

/** A pass that did nothing: the start of every report, and the answer when there is nothing to do. */
export const emptySyncPassReport = (): SyncPassReport => ({ sent: 0, confirmed: 0, rejected: 0, failed: 0, unconfirmed: 0, paused: false, error: null, nextDueAt: null, touched: [] });

/** Tonic's `tickets` items for scan rows: the scan's own time and door, never the send's. */
const toTonicItems = (rows: readonly ScanRow[]): TonicTicketItem[] =>
  rows.map((row) => ({ ticket_id: row.ticketId ?? row.payload, device_name: row.deviceName, time: row.venueTime, source: row.source }));

export async function runSyncPass(deps: SyncPassDeps): Promise<SyncPassReport> {
  const report = emptySyncPassReport();
  const status = await readSyncStatus(deps.db);
  if (status.pause) return { ...report, paused: true, nextDueAt: await nextDueAt(deps.db, deps.now()) };
  // Retry-After holds the whole device, not just the rows of the refused request. A hold further away than it could ever
  // have been set is a clock that stepped back: it is dropped, never obeyed for hours.
  const holdMs = status.notBeforeAt ? status.notBeforeAt - deps.now() : 0;
  if (holdMs > MAX_BACKOFF_MS) await writeSyncStatus(deps.db, { notBeforeAt: null });
  else if (holdMs > 0) return { ...report, nextDueAt: Math.max(status.notBeforeAt!, (await nextDueAt(deps.db, deps.now())) ?? 0) };

  await releaseExpiredLeases(deps.db, deps.now(), deps.holdsSyncLock);
  const threshold = deps.asyncAboveBacklog ?? null;
  const bulk = threshold !== null && (await deps.db.scans.where('state').equals('queued').count()) > threshold;
  const touched = new Set<string>();
  for (;;) {
    const batchId = deps.newBatchId();
    const batch = await claimBatch(deps.db, deps.now(), deps.batchSize, batchId);
    if (batch.length === 0) break;
    report.sent += batch.length;
    for (const row of batch) if (row.ticketId) touched.add(row.ticketId);
    const error = bulk ? await queueBatch(deps, batchId, batch, report) : await deliver(deps, batchId, batch, report);
    if (error) {
      report.error = error;
      await handleBatchFailure(deps, batchId, error);
      if (error.kind === 'auth') report.paused = true;
      break;
    }
  }
  if (report.error === null) {
    // Booking notes after the scans: the door's check-ins first.
    const notes = await sendBookingNotes(deps.db, deps.tonic, deps.now, deps.random);
    if (notes.error) {
      report.error = notes.error;
      if (notes.error.kind === 'auth') report.paused = await pauseForCredentials(deps, notes.error);
    }
    report.sent += notes.sent;
  }
  if (report.error === null && report.sent > 0) await writeSyncStatus(deps.db, { lastSuccessAt: new Date(deps.now()).toISOString(), lastError: null, notBeforeAt: null, lastFailure: null });
  // A page's own security policy refusing the request is not the network failing: the top bar says "Blocked" for it.
  if (report.error && report.error.code !== REQUEST_BLOCKED) await writeSyncStatus(deps.db, { lastFailure: { at: deps.now(), kind: report.error.kind } });
  if (report.error) deps.log('sync: batch failed', report.error);
  return { ...report, nextDueAt: await nextDueAt(deps.db, deps.now()), touched: [...touched] };
}

/**
 * Sends rows. A reply about the batch as a whole that one row may have caused (400, 404, or a reply with the wrong
 * number of entries) is bisected until that row stands alone, so the other rows still go through.
 * Returns the error that stops the pass, if any.
 */
async function deliver(deps: SyncPassDeps, batchId: string, rows: ScanRow[], report: SyncPassReport, isSplit = false): Promise<ApiError | null> {
  // claimBatch just leased the whole batch; only the later requests of a split batch need the lease renewed.
  if (isSplit) await extendLease(deps.db, batchId, deps.now() + LEASE_MS);
  const reply = await sendForDirection(deps, rows[0]?.direction ?? 'in', toTonicItems(rows));
  const receivedAt = new Date(deps.now()).toISOString();
  const bisect = async () => {
    const middle = Math.ceil(rows.length / 2);
    return (await deliver(deps, batchId, rows.slice(0, middle), report, true)) ?? (await deliver(deps, batchId, rows.slice(middle), report, true));
  };
  if (reply.ok) {
    const entries = reply.value.entries;
    if (entries.length !== rows.length) {
      if (rows.length > 1) return bisect();
      // This one row gets an answer the server cannot give it: it waits and tries again, the rest of the batch goes on.
      const error = apiError('malformed', `The server answered for ${entries.length} of ${rows.length} tickets`);
      deps.log('sync: reply without an entry for a ticket', { ticketId: rows[0]?.ticketId, error });
      await requeueBatch(deps.db, batchId, deps.now(), error.message, (row) => retryDelayMs(row.attempts, deps.random), true, rows.map((row) => row.id));
      return null;
    }
    await reconcile(deps, batchId, rows, (row, index) => entries[index]!(row, receivedAt), report);
    return null;
  }
  const error = reply.error;
  if ((error.kind === 'notFound' || error.kind === 'badRequest') && rows.length > 1) return bisect();
  if (error.kind === 'notFound') {
    const unknownTicket = rows[0]?.direction === 'out' ? interpretCheckOut : interpretCheckIn;
    await reconcile(deps, batchId, rows, (row) => unknownTicket(row, { result: 'not_found', message: 'Unknown ticket' }, receivedAt), report);
    return null;
  }
  if (error.kind === 'badRequest') {
    await settleRows(deps.db, batchId, rows.map((row) => row.id), () => ({ state: 'failed', lastError: error.message }));
    report.failed += 1;
    return null;
  }
  return error;
}

/**
 * Async policy: the batch goes with `async: true`. Tonic answers for no ticket, so the rows end "sent, unconfirmed",
 * never "confirmed", and this device learns nothing about the tickets. A refusal of the batch is handled like any other.
 */
async function queueBatch(deps: SyncPassDeps, batchId: string, rows: ScanRow[], report: SyncPassReport): Promise<ApiError | null> {
  const reply = await deps.tonic.queue(rows[0]?.direction ?? 'in', toTonicItems(rows));
  if (!reply.ok) return reply.error.kind === 'badRequest' || reply.error.kind === 'notFound' ? deliver(deps, batchId, rows, report) : reply.error;
  const receivedAt = new Date(deps.now()).toISOString();
  const serverResult = { result: 'queued', message: 'Sent in bulk (async): Tonic does not confirm each ticket', checkedInAt: null, checkedInDevice: null, receivedAt };
  await settleRows(deps.db, batchId, rows.map((row) => row.id), () => ({ state: 'sentUnconfirmed', serverResult, serverVerdict: null, lastError: null }));
  report.unconfirmed += rows.length;
  return null;
}

type Interpreter = (row: ScanRow, receivedAt: string) => Interpretation;

/** A batch is all one direction (claimBatch): check-ins and check-outs go to their own endpoints, each read its own way. */
async function sendForDirection(deps: SyncPassDeps, direction: ScanRow['direction'], items: TonicTicketItem[]): Promise<ApiResult<{ entries: Interpreter[] }>> {
  if (direction === 'out') {
    const reply = await deps.tonic.checkOut(items);
    return reply.ok ? { ok: true, value: { entries: reply.value.map((entry): Interpreter => (row, at) => interpretCheckOut(row, entry, at)) } } : reply;
  }
  const reply = await deps.tonic.checkIn(items);
  return reply.ok ? { ok: true, value: { entries: reply.value.map((entry): Interpreter => (row, at) => interpretCheckIn(row, entry, at)) } } : reply;
}

async function reconcile(
  deps: SyncPassDeps,
  batchId: string,
  rows: ScanRow[],
  interpret: (row: ScanRow, index: number) => Interpretation,
  report: SyncPassReport,
): Promise<void> {
  const { db } = deps;
  let answered: { ticketId: string | null; result: string }[] = [];
  // One read and one write per table for the whole batch: a transaction per row made a 10,000-scan drain take 18 s.
  await db.transaction('rw', [db.scans, db.tickets, db.leases, guestListScope(db), db.guestListState, db.settings], async () => {
    // Only rows the batch's lease still owns are settled, every one of them, and the lease lets go of them.
    const { rows: owned, release } = await ownedRows(db, batchId, rows.map((row) => row.id));
    const indexOf = new Map(rows.map((row, index) => [row.id, index]));
    const ours = owned.map((current) => {
      const index = indexOf.get(current.id)!;
      return { row: rows[index]!, current, meaning: interpret(rows[index]!, index) };
    });
    // The server's answer, verbatim and as a verdict, settles the row in this one write.
    await db.scans.bulkPut(ours.map(({ current, meaning }) => ({ ...current, state: meaning.state, serverResult: meaning.serverResult, serverVerdict: meaning.serverVerdict, lastError: null })));
    answered = ours.map(({ row, meaning }) => ({ ticketId: row.ticketId, result: meaning.serverResult.result }));
    await release();
    const ticketIds = [...new Set(ours.flatMap(({ row }) => (row.ticketId ? [row.ticketId] : [])))];
    const known = new Map((await db.tickets.bulkGet(ticketIds)).filter((ticket) => ticket !== undefined).map((ticket) => [ticket.ticketId, ticket]));
    for (const { row, meaning } of ours) {
      if (meaning.state === 'confirmed') report.confirmed += 1;
      else report.rejected += 1;
      // In batch order, so a later scan of the same ticket (out after in) has the last word.
      const ticketId = row.ticketId;
      if (!ticketId) continue;
      const { checkedInAt, checkedInDoor, ...learned } = meaning.ticket;
      // A newer scan of this ticket (a check-out made while this check-in was in flight) is what the door knows now.
      const lastScanId = known.get(ticketId)?.lastScanId;
      const stillCurrent = lastScanId === undefined || lastScanId <= row.id;
      known.set(ticketId, {
        ticketId,
        status: 'valid',
        reference: null,
        guestName: null,
        checkedInAt: null,
        checkedInDoor: null,
        updatedAt: meaning.serverResult.receivedAt,
        ...known.get(ticketId),
        ...learned,
        ...(stillCurrent && checkedInAt !== undefined ? { checkedInAt, lastScanId: row.id } : {}),
        ...(stillCurrent && checkedInDoor !== undefined ? { checkedInDoor } : {}),
      });
    }
    await db.tickets.bulkPut(ticketIds.map((id) => known.get(id)!));
    // What Tonic's confirmed check-ins say about the guest list's match to the codes (one read for the batch).
    await countMappingEvidence(db, ours.filter(({ meaning }) => meaning.state === 'confirmed' && meaning.serverResult.result === 'success').map(({ row }) => row));
  });
  // A booking note the gateway did not take yet goes again in this pass, now that a ticket of its booking was answered.
  await wakeNotesForTickets(db, answered, deps.now());
}

async function handleBatchFailure(deps: SyncPassDeps, batchId: string, error: ApiError): Promise<void> {
  const nowMs = deps.now();
  if (error.code === REQUEST_BLOCKED) {
    // This page's security policy refused the request: no attempt spent, no backoff; the next pass holds back on the
    // recorded block until it lifts (connectionBlock.ts), and then the scans go at once.
    await requeueBatch(deps.db, batchId, nowMs, error.message, () => 0, false);
    await writeSyncStatus(deps.db, { lastError: error.message });
    return;
  }
  if (error.kind === 'auth') {
    // Nothing will succeed until someone fixes the credentials: keep every scan, do not burn attempts.
    await requeueBatch(deps.db, batchId, nowMs, error.message, () => 0, false);
    await pauseForCredentials(deps, error);
    return;
  }
  if (!isRetryable(error)) deps.log('sync: unexpected error kind, retrying anyway', error);
  // One delay for the whole batch, so it is retried as one request, not scattered into one request per row.
  const inFlight = (await deps.db.scans.bulkGet(await leasedIds(deps.db, batchId))).filter((row) => row !== undefined);
  // A network error or timeout backs off to seconds (no server to protect); 5xx and 429 to minutes, and Retry-After holds.
  const delay = retryDelayMs(Math.max(0, ...inFlight.map((row) => row.attempts)) + 1, deps.random, error.retryAfterMs, error.kind);
  await requeueBatch(deps.db, batchId, nowMs, error.message, () => delay, true);
  const holdMs = error.retryAfterMs === null ? null : Math.min(error.retryAfterMs, MAX_BACKOFF_MS); // a server asking for hours gets minutes
  await writeSyncStatus(deps.db, { lastError: error.message, notBeforeAt: holdMs === null ? null : nowMs + holdMs });
}

/** Pauses sync until new credentials arrive; true if it did. A refusal of old credentials answered after a new setup does not. */
async function pauseForCredentials(deps: SyncPassDeps, error: ApiError): Promise<boolean> {
  const { db } = deps;
  return db.transaction('rw', db.settings, db.syncStatus, async () => {
    const settings = await db.settings.get('device');
    if ((settings?.configuredAt ?? null) !== deps.setupVersion) return false;
    const since = new Date(deps.now()).toISOString();
    if (error.code === DEVICE_REVOKED && settings) {
      // A gateway withdrew this device (lost, stolen, retired): its credentials go now; every scan stays to be exported.
      await db.settings.put(withoutCredentials(settings));
      await writeSyncStatus(db, { pause: { kind: 'revoked', message: REVOKED_MESSAGE, since }, lastError: error.message });
      return true;
    }
    await writeSyncStatus(db, { pause: { kind: 'auth', message: error.message, since }, lastError: error.message });
    return true;
  });
}

/** When a pass next has work: a scan a claim can take (outbox.ts nextScanDueAt), or a queued booking note. */
async function nextDueAt(db: DoorlistDatabase, nowMs: number): Promise<number | null> {
  const note = await db.mutations.where('[state+nextAttemptAt]').between(['queued', -Infinity], ['queued', Infinity]).first();
  const candidates = [await nextScanDueAt(db, nowMs), note?.nextAttemptAt].filter((value): value is number => typeof value === 'number');
  return candidates.length > 0 ? Math.min(...candidates) : null;
}
