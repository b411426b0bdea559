// Typing a ticket by hand: the booking reference printed on it, or the ticket number.
import { useState, type FormEvent } from 'react';

export function ManualEntry({ onSubmit, actionLabel }: { onSubmit: (text: string) => void; actionLabel: string }) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    onSubmit(text);
    setText('');
  };
  return (
    <form className="manual-entry" onSubmit={submit} aria-label="Type a ticket">
      <label htmlFor="manual-ticket">Type a reference or ticket number</label>
      <div className="manual-row">
        <input
          id="manual-ticket"
          value={text}
          onChange={(event) => setText(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="go"
          placeholder="DMN-7930721728-176"
        />
        <button type="submit">{actionLabel}</button>
      </div>
    </form>
  );
}
