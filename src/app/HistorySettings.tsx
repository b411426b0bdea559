// Settings: how many days this device keeps its settled scans (outbox/historyRetention.ts clears older ones hourly).
import { useState } from 'react';
import { parseHistoryDays } from '../settings/editSettings.ts';
import { DEFAULT_HISTORY_DAYS, historyDaysOf } from '../settings/preferences.ts';
import type { DevicePreferences } from '../engine/viewTypes.ts';
import { TextField } from '../ui/SettingsFields.tsx';
import { useEngine } from './engineContext.ts';

export function HistorySettings({ preferences }: { preferences: DevicePreferences }) {
  const engine = useEngine();
  const current = historyDaysOf(preferences);
  const [days, setDays] = useState(String(current));
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const parsed = parseHistoryDays(days);
    setError(parsed.ok ? null : parsed.message);
    if (parsed.ok && parsed.value !== current) void engine.updatePreferences({ historyDays: parsed.value });
  };
  return (
    <section className="settings-section" aria-labelledby="settings-history">
      <h2 id="settings-history">Scan history</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <TextField
          label="Keep scan history for (days)"
          inputMode="numeric"
          value={days}
          onChange={setDays}
          onBlur={save}
          error={error ?? undefined}
          hint={`Scans the server confirmed, refusals marked handled and scans refused at the door are cleared from this device after this many days. Scans still to send or needing attention are always kept. 1 to 365. Default ${DEFAULT_HISTORY_DAYS}.`}
          testId="setting-historyDays"
        />
      </form>
    </section>
  );
}
