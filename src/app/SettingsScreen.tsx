// Settings: the door's setup (name, zone, servers, credentials, sending), scanning feedback, kiosk mode, and the setup QR.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DevicePreferences, SettingsRow } from '../engine/viewTypes.ts';
import { describeFieldError, editSettings, maskSecret, parseVerifyWaitMs, settingsFormOf, type FieldErrors, type SettingsField, type SettingsForm } from '../settings/editSettings.ts';
import { preferencesOf } from '../settings/preferences.ts';
import { GuestListSettings } from './GuestListSettings.tsx';
import { HistorySettings } from './HistorySettings.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { NumberSetting, SwitchField, TextField } from '../ui/SettingsFields.tsx';
import { KioskSettings } from './KioskSettings.tsx';
import { useEngine } from './engineContext.ts';
import { SetupQrSection } from './SetupQrSection.tsx';
import './settings.css';

const TIME_ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

type Outcome = { tone: 'ok' | 'bad'; text: string } | null;

/** The setup-link part of the settings: saved all at once as a new setup, or not at all. */
function SetupForm({ settings, outcome, setOutcome }: { settings: SettingsRow; outcome: Outcome; setOutcome: (outcome: Outcome) => void }) {
  const engine = useEngine();
  const [form, setForm] = useState<SettingsForm>(() => settingsFormOf(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const { config } = settings;
  const formRef = useRef<HTMLFormElement | null>(null);
  // The Save button is at the bottom: take staff to the first field that needs fixing, its error beside it.
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const change = (patch: Partial<SettingsForm>) => setForm((current) => ({ ...current, ...patch }));
  const field = (name: SettingsField) => ({
    value: form[name],
    onChange: (value: string) => change({ [name]: value }),
    error: errors[name] ? describeFieldError(name, errors[name]) : undefined,
    testId: `setting-${name}`,
  });
  const keepHint = (secret: string | undefined) => (secret ? `Now ${maskSecret(secret)}. Leave blank to keep it.` : 'None on this device yet.');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = editSettings(settings, form);
    if (!result.ok) {
      setErrors(result.errors);
      const count = Object.keys(result.errors).length;
      const others = result.other.length > 0 ? ` ${result.other.join('; ')}.` : '';
      setOutcome({ tone: 'bad', text: `Not saved: ${count === 1 ? 'one field needs' : `${count} fields need`} fixing (marked ✕). Nothing was changed.${others}` });
      return;
    }
    setErrors({});
    if (!result.changed) {
      setOutcome({ tone: 'ok', text: 'Nothing to save: these are the current settings.' });
      return;
    }
    setSaving(true);
    try {
      await engine.setUp(result.config); // the stored row changes, and the form starts afresh from it (credentials blank)
      setOutcome({ tone: 'ok', text: 'Saved. Scans from now on use these settings; scans waiting to send keep their door name and time.' });
    } catch (error) {
      setOutcome({ tone: 'bad', text: `Not saved: this device could not store the settings (${error instanceof Error ? error.message : String(error)}).` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={(event) => void save(event)} noValidate aria-label="Door and server settings">
      <section className="settings-section" aria-labelledby="settings-door">
        <h2 id="settings-door">Door</h2>
        <TextField label="Device name" hint="Sent to Tonic with every check-in and shown to staff (“Already in at 19:02, North gate 1”)." {...field('deviceName')} />
        <TextField label="Venue time zone" hint="Tonic gets each scan's time on the venue's clock. For example Europe/London." list="settings-time-zones" {...field('venueTimeZone')} />
        <datalist id="settings-time-zones">
          {TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </section>
      <section className="settings-section" aria-labelledby="settings-server">
        <h2 id="settings-server">Server</h2>
        <TextField label="Tonic address" type="url" inputMode="url" hint="Where check-ins go, e.g. https://tonic.example.com/api." {...field('tonicBaseUrl')} />
        <TextField label="Tonic token" type="password" hint={keepHint(config.tonic.token)} placeholder="Leave blank to keep" {...field('tonicToken')} />
        <TextField label="Tonic event id" {...field('tonicEventId')} />
        <SwitchField label="RunSignup window counts" checked={form.runsignupOn} onChange={(on) => change({ runsignupOn: on })} hint="Show how many times a RunSignup ticket was checked in this window." />
        {form.runsignupOn && (
          <>
            <TextField label="RunSignup address" type="url" inputMode="url" hint="e.g. https://runsignup.com/API." {...field('runsignupBaseUrl')} />
            <TextField label="RunSignup ticket event" inputMode="numeric" {...field('runsignupTicketEventId')} />
            <TextField label="RunSignup API key" type="password" hint={keepHint(config.runsignup?.apiKey)} placeholder="Leave blank to keep" {...field('runsignupApiKey')} />
            <TextField label="RunSignup API secret" type="password" hint={keepHint(config.runsignup?.apiSecret)} placeholder="Leave blank to keep" {...field('runsignupApiSecret')} />
          </>
        )}
        <TextField label="Scans per request" inputMode="numeric" hint="1 to 500. Fewer means smaller requests on a poor network." {...field('batchSize')} />
        <TextField
          label="Send in bulk above (scans)"
          inputMode="numeric"
          hint="A backlog of more scans than this is sent without a per-ticket answer (faster; those scans end “sent in bulk, not confirmed”). Leave blank for off."
          {...field('asyncAboveBacklog')}
        />
      </section>
      {outcome && (
        <p className={`state-line state-${outcome.tone}`} role={outcome.tone === 'bad' ? 'alert' : 'status'} data-testid="settings-outcome">
          <span aria-hidden="true">{outcome.tone === 'ok' ? '✓ ' : '✕ '}</span>
          {outcome.text}
        </p>
      )}
      <button type="submit" className="big-button" disabled={saving}>
        {saving ? 'Saving…' : 'Save changes'}
      </button>
    </form>
  );
}

function FeedbackSettings({ preferences }: { preferences: DevicePreferences }) {
  const engine = useEngine();
  const set = (patch: Partial<DevicePreferences>) => void engine.updatePreferences(patch);
  return (
    <section className="settings-section" aria-labelledby="settings-feedback">
      <h2 id="settings-feedback">Scanning feedback</h2>
      <SwitchField label="Sound" checked={preferences.sound} onChange={(on) => set({ sound: on })} hint="A different sound for each verdict." />
      <SwitchField label="Vibration" checked={preferences.haptics} onChange={(on) => set({ haptics: on })} hint="A different buzz for each verdict, where the device can vibrate." />
      <SwitchField
        label="Verify online first"
        checked={preferences.verifyOnlineFirst}
        onChange={(on) => set({ verifyOnlineFirst: on })}
        hint="When online, wait for the server's answer before showing the verdict. Offline, the door decides at once as always."
      />
      {preferences.verifyOnlineFirst && (
        <NumberSetting
          label="Longest wait for the server (ms)"
          current={preferences.verifyTimeoutMs}
          parse={parseVerifyWaitMs}
          onSave={(verifyTimeoutMs) => set({ verifyTimeoutMs })}
          hint="200 to 10,000. Default 1,500."
          testId="setting-verifyTimeoutMs"
        />
      )}
    </section>
  );
}

export function SettingsScreen({ settings, navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  const preferences = preferencesOf(settings);
  const [outcome, setOutcome] = useState<Outcome>(null);
  return (
    <ScreenFrame title="Settings" onBack={() => navigate('/')} className="settings">
      {/* A new setup (saved here, from a QR code, or in another tab) starts the form afresh from what is stored. */}
      <SetupForm key={settings.configuredAt} settings={settings} outcome={outcome} setOutcome={setOutcome} />
      <FeedbackSettings preferences={preferences} />
      <GuestListSettings settings={settings} />
      <HistorySettings preferences={preferences} />
      <KioskSettings pinHash={preferences.kioskPinHash} />
      <SetupQrSection settings={settings} pinHash={preferences.kioskPinHash} onSetUpFromQr={() => setOutcome(null)} />
    </ScreenFrame>
  );
}
