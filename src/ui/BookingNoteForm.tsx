// An inline form for a staff note on a guest's booking (sent to Tonic as the purchase's comments, queued offline).
import { useState, type FormEvent } from 'react';

export function BookingNoteForm({ onSave, onCancel }: { onSave: (text: string) => Promise<string | null>; onCancel: () => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refusal = await onSave(text);
    if (refusal) setProblem(refusal);
  };
  return (
    <form className="note-form" onSubmit={(event) => void submit(event)} aria-label="Note on the booking">
      <label>
        Note on the booking (the box office sees it)
        <textarea value={text} onChange={(event) => setText(event.target.value)} rows={2} maxLength={1000} />
      </label>
      {problem && <p role="alert">{problem}</p>}
      <div className="note-buttons">
        <button type="submit">Save note</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
