// Staff notes on a booking (Tonic Update Purchase): queued offline, sent in order after the scans, retried like them.
import type { ApiError } from '../api/apiError.ts';
import type { TonicClient } from '../api/tonicClient.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { MutationRow } from '../db/tables.ts';
import { TONIC_TICKET_ID } from '../scan/parsePayload.ts';
import { retryDelayMs } from './backoff.ts';

export const MAX_NOTE_CHARS = 1_000;
/** A Tonic ticket id starts with its purchase's id; other tickets (numeric ids) have no booking we can name. */
export const purchaseIdOf = (ticketId: string): string | null => (TONIC_TICKET_ID.test(ticketId) ? (ticketId.split('.')[0] ?? null) : null);

export type QueueNoteResult = { ok: true; note: MutationRow } | { ok: false; message: string };

export async function queueBookingNote(db: DoorlistDatabase, ticketId: string, text: string, now: Date, newId: () => string): Promise<QueueNoteResult> {
  const purchaseId = purchaseIdOf(ticketId);
  if (!purchaseId) return { ok: false, message: 'This ticket has no booking this door can add a note to.' };
  const comments = text.trim();
  if (comments.length === 0) return { ok: false, message: 'The note is empty.' };
  if (comments.length > MAX_NOTE_CHARS) return { ok: false, message: `The note is longer than ${MAX_NOTE_CHARS} characters.` };
  const note: MutationRow = {
    id: newId(),
    kind: 'purchaseComment',
    purchaseId,
    ticketId,
    comments,
    createdAt: now.toISOString(),
    state: 'queued',
    attempts: 0,
    nextAttemptAt: now.getTime(),
    lastError: null,
  };
  await db.mutations.add(note);
  return { ok: true, note };
}

/**
 * Sends due notes oldest first. Returns the error that should stop the pass (auth, or one a retry may outlive);
 * a note the server refuses for itself (400, unknown booking) is marked failed with the server's words.
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
    if (error.kind === 'badRequest' || error.kind === 'notFound') {
      await db.mutations.update(note.id, { state: 'failed', lastError: error.message });
      continue;
    }
    const attempts = error.kind === 'auth' ? note.attempts : note.attempts + 1;
    const delay = error.kind === 'auth' ? 0 : retryDelayMs(attempts, random, error.retryAfterMs);
    await db.mutations.update(note.id, { attempts, nextAttemptAt: now() + delay, lastError: error.message });
    return { sent, error };
  }
  return { sent, error: null };
}
