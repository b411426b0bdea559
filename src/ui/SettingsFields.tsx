// Labelled inputs for Settings: a text field with its hint and its error in words beside it, and an on/off switch.
import { useId, type HTMLAttributes, type ReactNode } from 'react';

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
