// The booking notes this device wrote, and where each stands with Tonic.
import type { MutationRow } from '../engine/viewTypes.ts';
import { WAITING_FOR_CHECK_IN } from '../sync/bookingNotes.ts';

const STATE_WORDS: Record<MutationRow['state'], string> = {
  queued: 'waiting to send',
  sending: 'sending…',
  confirmed: 'saved on the booking',
  failed: 'could not be saved',
};

/** Where a note stands, in words; a note waiting for a check-in of its booking says just that (it is not an error). */
export const noteStanding = (note: MutationRow): string =>
  note.state === 'queued' && note.lastError === WAITING_FOR_CHECK_IN ? WAITING_FOR_CHECK_IN : `${STATE_WORDS[note.state]}${note.lastError ? `: ${note.lastError}` : ''}`;

export function BookingNotes({ notes }: { notes: MutationRow[] }) {
  if (notes.length === 0) return null;
  return (
    <section aria-label="Booking notes">
      <h2>Booking notes</h2>
      <ul className="occurrences">
        {notes.map((note) => (
          <li key={note.id} data-testid="booking-note" data-state={note.state}>
            <span>“{note.comments}”</span>
            <span>{noteStanding(note)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
