// A PIN entry: a masked field and a big on-screen keypad (a kiosk tablet has no keyboard worth the name), with the answer in words.
import { useId, useState, type FormEvent } from 'react';

export interface PinPadProps {
  /** What the PIN opens, e.g. "Enter the kiosk PIN to open Settings". */
  prompt: string;
  submitLabel: string;
  /** Wrong PIN / locked for N s: shown in words under the field. */
  message: string | null;
  locked: boolean;
  busy: boolean;
  onSubmit: (pin: string) => void;
  onCancel: () => void;
}

const MAX_PIN_DIGITS = 8;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function PinPad({ prompt, submitLabel, message, locked, busy, onSubmit, onCancel }: PinPadProps) {
  const [pin, setPin] = useState('');
  const fieldId = useId();
  const messageId = useId();
  const type = (digit: string) => setPin((current) => (current.length < MAX_PIN_DIGITS ? current + digit : current));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (locked || busy || pin === '') return;
    onSubmit(pin);
    setPin(''); // a wrong PIN is typed again from scratch; a right one leaves nothing behind in the page
  };
  return (
    <form className="pin-pad" onSubmit={submit} data-testid="pin-pad">
      <label htmlFor={fieldId} className="pin-prompt">
        {prompt}
      </label>
      <input
        id={fieldId}
        className="pin-field"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={MAX_PIN_DIGITS}
        value={pin}
        disabled={locked}
        aria-invalid={message !== null && !locked ? true : undefined}
        aria-describedby={message ? messageId : undefined}
        onChange={(event) => setPin(event.target.value.replace(/\D/g, '').slice(0, MAX_PIN_DIGITS))}
      />
      {message && (
        <p id={messageId} className="pin-message" role="alert" data-testid="pin-message">
          <span aria-hidden="true">{locked ? '! ' : '✕ '}</span>
          {message}
        </p>
      )}
      <div className="pin-keys" role="group" aria-label="Keypad">
        {KEYS.map((digit) => (
          <button type="button" key={digit} disabled={locked} onClick={() => type(digit)}>
            {digit}
          </button>
        ))}
        <button type="button" disabled={locked || pin === ''} onClick={() => setPin('')} aria-label="Clear the PIN">
          Clear
        </button>
        <button type="button" disabled={locked} onClick={() => type('0')}>
          0
        </button>
        <button type="button" disabled={locked || pin === ''} onClick={() => setPin((current) => current.slice(0, -1))} aria-label="Delete the last digit">
          ⌫
        </button>
      </div>
      <div className="pin-actions">
        <button type="submit" className="big-button" disabled={locked || busy || pin === ''}>
          {busy ? 'Checking…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
