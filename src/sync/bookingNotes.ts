// Staff notes on a booking (Tonic Update Purchase), sent in order after the scans and retried like them. They are queued
// offline by outbox/bookingNoteQueue.ts.
import type { ApiError } from '../api/apiError.ts';
import type { TonicClient } from '../api/tonicClient.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import { VOUCHING_RESULTS } from '../api/tonicSchemas.ts';
import { purchaseIdOf } from '../model/parsePayload.ts';
import { MAX_BACKOFF_MS, retryDelayMs } from './backoff.ts';

export { purchaseIdOf };

/** A Doorlist gateway's 404 for a booking none of whose tickets it has seen checked in or out (yet). */
export const BOOKING_NOT_SEEN_CODE = 'booking_not_seen';

/** What staff read on a note the gateway does not take yet: what will happen, in plain words. */
export const WAITING_FOR_CHECK_IN =
  'Waiting: the gateway takes a note once a ticket of this booking has been checked in. This door sends it again by itself, at once after it checks in one of its tickets, and every few minutes.';

/** The first wait of a note the gateway does not take yet; it doubles on each try, up to MAX_BACKOFF_MS. */
export const NOTE_WAIT_BASE_MS = 30_000;

/** Half of it fixed, half jittered: never sooner than half the step, never later than MAX_BACKOFF_MS (5 minutes). */
export function waitForCheckInMs(attempts: number, random: () => number): number {
  const step = Math.min(MAX_BACKOFF_MS, NOTE_WAIT_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.floor(step / 2 + (random() * step) / 2);
}

/**
 * Sends due notes oldest first. Returns the error that should stop the pass (auth, or one a retry may outlive);
 * a note the server refuses for itself (400, unknown booking) is marked failed with the server's words. A note the
 * gateway does not take yet (`booking_not_seen`) stays queued: it is tried again with a backoff (at most
 * MAX_BACKOFF_MS apart) and at once after a check-in of one of its booking's tickets (wakeNotesForTickets).
 */
export async function sendBookingNotes(db: DoorlistDatabase, tonic: TonicClient, now: () => number, random: () => number): Promise<{ sent: number; error: ApiError | null }> {
  const due = await db.mutations.where('[state+nextAttemptAt]').between(['queued', -Infinity], ['queued', now()], true, true).sortBy('id');
  let sent = 0;
  for (const note of due) {
    const reply = await tonic.updatePurchase(note.purchaseId, note.comments);
    if (reply.ok) {
      await db.mutations.update(note.id, { state: 'confirmed', lastError: null });
      sent += 1;
      continue;
    }
    const { error } = reply;
    if (error.kind === 'notFound' && error.code === BOOKING_NOT_SEEN_CODE) {
      const attempts = note.attempts + 1;
      await db.mutations.update(note.id, { attempts, nextAttemptAt: now() + waitForCheckInMs(attempts, random), lastError: WAITING_FOR_CHECK_IN });
      continue;
    }
    if (error.kind === 'badRequest' || error.kind === 'notFound') {
      await db.mutations.update(note.id, { state: 'failed', lastError: error.message });
      continue;
    }
    const attempts = error.kind === 'auth' ? note.attempts : note.attempts + 1;
    const delay = error.kind === 'auth' ? 0 : retryDelayMs(attempts, random, error.retryAfterMs, error.kind);
    await db.mutations.update(note.id, { attempts, nextAttemptAt: now() + delay, lastError: error.message });
    return { sent, error };
  }
  return { sent, error: null };
}

/**
 * Makes the queued notes of these tickets' bookings due now: called after scans were answered one by one (an async
 * batch tells nothing), for those whose answer is on VOUCHING_RESULTS; the same pass then sends the notes.
 */
export async function wakeNotesForTickets(db: DoorlistDatabase, answered: readonly { ticketId: string | null; result: string }[], now: number): Promise<void> {
  const purchases = new Set(answered.flatMap(({ ticketId, result }) => (ticketId !== null && VOUCHING_RESULTS.has(result) ? [purchaseIdOf(ticketId)] : [])).filter((id) => id !== null));
  if (purchases.size === 0) return;
  await db.mutations
    .where('state')
    .equals('queued')
    .filter((note) => purchases.has(note.purchaseId) && note.nextAttemptAt > now)
    .modify({ nextAttemptAt: now });
}
