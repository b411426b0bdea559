// Settings: what the door does with a code while it has no current guest list, and how long a list stays current.
import { useEffect, useState } from 'react';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { guestListPolicySources, parseListMaxAgeMinutes, type PolicySource } from '../settings/editSettings.ts';
import { DEFAULT_LIST_MAX_AGE_MINUTES, guestListPolicyOf, preferencesOf } from '../settings/preferences.ts';
import { NumberSetting } from '../ui/SettingsFields.tsx';
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
  // The minutes field starts afresh (a new key: its text and error gone) when staff go back to the link's or the default
  // policy, and again when the stored minutes change.
  const [resets, setResets] = useState(0);
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
      <NumberSetting
        key={`${resets}:${policy.maxAgeMinutes}`}
        label="A guest list is current for (minutes)"
        current={policy.maxAgeMinutes}
        parse={parseListMaxAgeMinutes}
        onSave={(listMaxAgeMinutes) => void engine.updatePreferences({ listMaxAgeMinutes })}
        hint={`Older than this, the list counts as none: refunds made since would not show. 1 to 10,080. Now ${policy.maxAgeMinutes.toLocaleString('en-GB')} (${SOURCE_WORDS[sources.maxAgeMinutes]}; default ${DEFAULT_LIST_MAX_AGE_MINUTES}).`}
        testId="setting-listMaxAgeMinutes"
      />
      {(sources.unknownCodes === 'device' || sources.maxAgeMinutes === 'device') && (
        <button
          type="button"
          data-testid="settings-guest-list-reset"
          onClick={() => {
            void engine.updatePreferences({ unknownCodes: null, listMaxAgeMinutes: null });
            setResets((count) => count + 1);
          }}
        >
          {settings.config.guestList?.unknownCodes !== undefined || settings.config.guestList?.maxAgeMinutes !== undefined ? 'Use the setup link\u2019s policy' : 'Back to the default policy'}
        </button>
      )}
    </section>
  );
}
