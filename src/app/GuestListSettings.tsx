// Settings: what the door does with a code while it has no current guest list, and how long a list stays current.
import { useEffect, useState } from 'react';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { guestListPolicySources, parseListMaxAgeMinutes, type PolicySource } from '../settings/editSettings.ts';
import { DEFAULT_LIST_MAX_AGE_MINUTES, guestListPolicyOf, preferencesOf } from '../settings/preferences.ts';
import { TextField } from '../ui/SettingsFields.tsx';
import { useEngine } from './engineContext.ts';

const SOURCE_WORDS: Record<PolicySource, string> = { device: 'set on this device', setup: 'from the setup link', default: 'the default' };

export function GuestListSettings({ settings }: { settings: SettingsRow }) {
  const engine = useEngine();
  const preferences = preferencesOf(settings);
  const policy = guestListPolicyOf(settings.config, preferences);
  const sources = guestListPolicySources(settings.config, preferences);
  // The choice shows at once; the stored preference follows (and wins when it changes elsewhere).
  const [choice, setChoice] = useState(policy.unknownCodes);
  useEffect(() => setChoice(policy.unknownCodes), [policy.unknownCodes]);
  const choose = (unknownCodes: 'admit' | 'refuse') => {
    setChoice(unknownCodes);
    void engine.updatePreferences({ unknownCodes });
  };
  const [minutes, setMinutes] = useState(String(policy.maxAgeMinutes));
  const [minutesError, setMinutesError] = useState<string | null>(null);
  const saveMinutes = () => {
    const parsed = parseListMaxAgeMinutes(minutes);
    setMinutesError(parsed.ok ? null : parsed.message);
    if (parsed.ok && parsed.value !== policy.maxAgeMinutes) void engine.updatePreferences({ listMaxAgeMinutes: parsed.value });
  };
  return (
    <section className="settings-section" aria-labelledby="settings-guest-list">
      <h2 id="settings-guest-list">Guest list</h2>
      <fieldset className="field choice-field" data-testid="setting-unknownCodes">
        <legend>Unknown codes when there is no current guest list</legend>
        <p className="field-hint">
          With a current list, a code not on it is refused. Without one (none loaded, or too old) this door can only guess. Now: {policy.unknownCodes === 'admit' ? 'admit in amber' : 'refuse'} ({SOURCE_WORDS[sources.unknownCodes]}).
        </p>
        <label className="choice">
          <input type="radio" name="unknownCodes" value="admit" checked={choice === 'admit'} onChange={() => choose('admit')} />
          Admit in amber (&ldquo;Not checked against a guest list&rdquo;), and send to the ticket office
        </label>
        <label className="choice">
          <input type="radio" name="unknownCodes" value="refuse" checked={choice === 'refuse'} onChange={() => choose('refuse')} />
          Refuse (&ldquo;No guest list on this door&rdquo;)
        </label>
      </fieldset>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          saveMinutes();
        }}
      >
        <TextField
          label="A guest list is current for (minutes)"
          inputMode="numeric"
          value={minutes}
          onChange={setMinutes}
          onBlur={saveMinutes}
          error={minutesError ?? undefined}
          hint={`Older than this, the list counts as none: refunds made since would not show. 1 to 10,080. Now ${policy.maxAgeMinutes.toLocaleString('en-GB')} (${SOURCE_WORDS[sources.maxAgeMinutes]}; default ${DEFAULT_LIST_MAX_AGE_MINUTES}).`}
          testId="setting-listMaxAgeMinutes"
        />
      </form>
      {(sources.unknownCodes === 'device' || sources.maxAgeMinutes === 'device') && (
        <button
          type="button"
          onClick={() => {
            void engine.updatePreferences({ unknownCodes: null, listMaxAgeMinutes: null });
            setMinutesError(null);
            setMinutes(String(guestListPolicyOf(settings.config, { unknownCodes: null, listMaxAgeMinutes: null }).maxAgeMinutes));
          }}
        >
          {settings.config.guestList?.unknownCodes !== undefined || settings.config.guestList?.maxAgeMinutes !== undefined ? 'Use the setup link\u2019s policy' : 'Back to the default policy'}
        </button>
      )}
    </section>
  );
}
