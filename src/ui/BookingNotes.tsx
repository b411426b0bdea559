// The booking notes this device wrote, and where each stands with Tonic.
import type { MutationRow } from '../db/tables.ts';

const STATE_WORDS: Record<MutationRow['state'], string> = {
  queued: 'waiting to send',
  sending: 'sending…',
  confirmed: 'saved on the booking',
  failed: 'could not be saved',
};

export function BookingNotes({ notes }: { notes: MutationRow[] }) {
  if (notes.length === 0) return null;
  return (
    <section aria-label="Booking notes">
      <h2>Booking notes</h2>
      <ul className="occurrences">
        {notes.map((note) => (
          <li key={note.id} data-testid="booking-note" data-state={note.state}>
            <span>“{note.comments}”</span>
            <span>
              {STATE_WORDS[note.state]}
              {note.lastError ? `: ${note.lastError}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
