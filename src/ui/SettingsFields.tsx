// Labelled inputs for Settings: a text field with its hint and its error in words beside it, a number saved on its own,
// and an on/off switch.
import { useId, useState, type HTMLAttributes, type ReactNode } from 'react';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The problem in words ("Tonic address must start with https://…"), shown under the field. */
  error?: string | undefined;
  hint?: ReactNode;
  type?: 'text' | 'password' | 'url';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  placeholder?: string;
  list?: string;
  testId?: string;
  onBlur?: () => void;
}

export function TextField({ label, value, onChange, error, hint, type = 'text', inputMode, placeholder, list, testId, onBlur }: TextFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        value={value}
        placeholder={placeholder}
        list={list}
        // Credentials are typed fresh; the browser should neither fill nor keep them.
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" data-testid="field-error">
          <span aria-hidden="true">✕ </span>
          {error}
        </p>
      )}
    </div>
  );
}

export function SwitchField({ label, checked, onChange, hint, disabled }: { label: string; checked: boolean; onChange: (on: boolean) => void; hint?: ReactNode; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="switch-field">
      <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>
        <span className="switch-label">{label}</span>
        <span className={`switch-state ${checked ? 'switch-on' : 'switch-off'}`} aria-hidden="true">
          {checked ? '● On' : '○ Off'}
        </span>
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export interface NumberSettingProps {
  label: string;
  hint: ReactNode;
  testId: string;
  /** The value in force now: what the field starts with, and what saving the same number again leaves alone. */
  current: number;
  /** The typed text as a number in range, or why not in words. */
  parse: (text: string) => { ok: true; value: number } | { ok: false; message: string };
  onSave: (value: number) => void;
}

/** One number of the device's preferences, saved when staff leave the field or press Enter; refused in words otherwise. */
export function NumberSetting({ label, hint, testId, current, parse, onSave }: NumberSettingProps) {
  const [text, setText] = useState(String(current));
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const parsed = parse(text);
    setError(parsed.ok ? null : parsed.message);
    if (parsed.ok && parsed.value !== current) onSave(parsed.value);
  };
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <TextField label={label} inputMode="numeric" value={text} onChange={setText} onBlur={save} error={error ?? undefined} hint={hint} testId={testId} />
    </form>
  );
}
