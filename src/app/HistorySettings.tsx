// Settings: how many days this device keeps its settled scans (outbox/historyRetention.ts clears older ones hourly).
import { parseHistoryDays } from '../settings/editSettings.ts';
import { DEFAULT_HISTORY_DAYS, historyDaysOf } from '../settings/preferences.ts';
import type { DevicePreferences } from '../engine/viewTypes.ts';
import { NumberSetting } from '../ui/SettingsFields.tsx';
import { useEngine } from './engineContext.ts';

export function HistorySettings({ preferences }: { preferences: DevicePreferences }) {
  const engine = useEngine();
  return (
    <section className="settings-section" aria-labelledby="settings-history">
      <h2 id="settings-history">Scan history</h2>
      <NumberSetting
        label="Keep scan history for (days)"
        current={historyDaysOf(preferences)}
        parse={parseHistoryDays}
        onSave={(historyDays) => void engine.updatePreferences({ historyDays })}
        hint={`Scans the server confirmed, refusals marked handled and scans refused at the door are cleared from this device after this many days. Scans still to send or needing attention are always kept. 1 to 365. Default ${DEFAULT_HISTORY_DAYS}.`}
        testId="setting-historyDays"
      />
    </section>
  );
}
