// Settings → Kiosk: kiosk mode on/off (off needs the PIN), whether the screen is kept awake, and setting or changing the PIN.
import { useState, type FormEvent } from 'react';
import { hashPin, pinProblem } from '../settings/kioskPin.ts';
import { describeFullscreen, describeWakeLock, type KioskStateView } from './describeKiosk.ts';
import { SwitchField, TextField } from '../ui/SettingsFields.tsx';
import { KioskPinPrompt } from './KioskPinPrompt.tsx';
import { useKioskControl } from './KioskContext.ts';
import { useEngine } from './engineContext.ts';
import { useKioskPinCheck } from './useKioskPin.ts';

function StateLine({ view, testId }: { view: KioskStateView; testId: string }) {
  return (
    <p className={`state-line state-${view.tone}`} data-testid={testId} data-tone={view.tone}>
      <span aria-hidden="true">{view.icon} </span>
      {view.text}
    </p>
  );
}

type PinErrors = { current?: string; next?: string; again?: string };

/** Sets the first PIN, or changes it given the current one (outside kiosk mode Settings is open to anyone at the device). */
function KioskPinForm({ pinHash, onDone }: { pinHash: string | null; onDone: (message: string) => void }) {
  const engine = useEngine();
  const check = useKioskPinCheck(pinHash);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<PinErrors>({});
  const [saving, setSaving] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found: PinErrors = {};
    const nextProblem = pinProblem(next);
    if (nextProblem) found.next = nextProblem;
    else if (again !== next) found.again = 'The two new PINs are not the same. Type the new PIN again.';
    if (pinHash && current === '') found.current = 'Enter the current PIN.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      // Checked last: only a well-formed change spends one of the five tries.
      if (pinHash && !(await check.check(current))) {
        setCurrent('');
        return;
      }
      await engine.updatePreferences({ kioskPinHash: await hashPin(next) });
      onDone(pinHash ? 'The kiosk PIN was changed.' : 'The kiosk PIN is set.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="pin-form" onSubmit={(event) => void save(event)} aria-label={pinHash ? 'Change the kiosk PIN' : 'Set a kiosk PIN'}>
      {pinHash && (
        <TextField label="Current PIN" type="password" inputMode="numeric" value={current} onChange={(value) => setCurrent(value.replace(/\D/g, ''))} error={errors.current ?? check.message ?? undefined} />
      )}
      <TextField label="New PIN (4 to 8 digits)" type="password" inputMode="numeric" value={next} onChange={setNext} error={errors.next} />
      <TextField label="New PIN again" type="password" inputMode="numeric" value={again} onChange={setAgain} error={errors.again} />
      <div className="button-row">
        <button type="submit" className="big-button" disabled={saving || check.locked}>
          {saving ? 'Saving…' : 'Save PIN'}
        </button>
        <button type="button" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function KioskSettings({ pinHash }: { pinHash: string | null }) {
  const kiosk = useKioskControl();
  const [leaving, setLeaving] = useState(false);
  const [pinFormOpen, setPinFormOpen] = useState(false);
  const [pinOutcome, setPinOutcome] = useState('');

  const toggle = (on: boolean) => {
    if (on) void kiosk.enter(); // in the click itself: fullscreen needs the gesture
    else if (pinHash) setLeaving(true);
    else void kiosk.leave();
  };

  return (
    <section className="settings-section" aria-labelledby="settings-kiosk">
      <h2 id="settings-kiosk">Kiosk</h2>
      {kiosk.on && !pinHash && (
        <p className="notice notice-bad" role="alert" data-testid="kiosk-no-pin">
          <span aria-hidden="true">! </span>
          Kiosk mode is on but no PIN is set: anyone at this device can open Settings and leave kiosk mode. Set a PIN below.
        </p>
      )}
      <SwitchField
        label="Kiosk mode"
        checked={kiosk.on}
        onChange={toggle}
        hint="Full screen, the screen kept awake, Settings behind the PIN, and back to Scan after a minute with nobody touching it."
      />
      {leaving && pinHash && (
        <KioskPinPrompt
          pinHash={pinHash}
          prompt="Kiosk PIN to leave kiosk mode"
          submitLabel="Leave kiosk mode"
          onUnlocked={() => {
            setLeaving(false);
            void kiosk.leave();
          }}
          onCancel={() => setLeaving(false)}
        />
      )}
      {kiosk.on && (
        <div className="kiosk-state" aria-live="polite">
          <StateLine view={describeWakeLock(kiosk.wakeLock)} testId="wake-lock-state" />
          <StateLine view={describeFullscreen(kiosk.fullscreen)} testId="fullscreen-state" />
        </div>
      )}
      <h3>Kiosk PIN</h3>
      <p className="settings-hint" data-testid="pin-state">
        {pinHash ? '✓ A PIN is set. It opens Settings in kiosk mode, leaves kiosk mode, and shows the setup QR.' : 'No PIN is set.'}
      </p>
      {pinOutcome && (
        <p className="state-line state-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {pinOutcome}
        </p>
      )}
      {pinFormOpen ? (
        <KioskPinForm
          pinHash={pinHash}
          onDone={(message) => {
            setPinFormOpen(false);
            setPinOutcome(message);
          }}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setPinOutcome('');
            setPinFormOpen(true);
          }}
        >
          {pinHash ? 'Change PIN' : 'Set a PIN'}
        </button>
      )}
    </section>
  );
}
