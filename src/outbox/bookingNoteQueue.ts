// A staff note on a booking (Tonic Update Purchase), queued offline in the mutations table; sync/bookingNotes.ts sends it.
import type { DoorlistDatabase } from '../db/database.ts';
import type { MutationRow } from '../db/tables.ts';
import { purchaseIdOf } from '../model/parsePayload.ts';

export const MAX_NOTE_CHARS = 1_000;
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
