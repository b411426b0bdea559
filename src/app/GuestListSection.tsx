// Activity's guest list section: what the door holds, and "Import a guest list" from the box office's CSV or JSON file,
// all or nothing, for a date staff can change (the door's, by default).
import { useState, type ChangeEvent } from 'react';
import type { GuestFileImport, SettingsRow } from '../engine/viewTypes.ts';
import { doorOccurrenceOf } from '../guestlist/deviceGuestList.ts';
import { guestListSourceOf } from '../guestlist/guestListSource.ts';
import { preferencesOf } from '../settings/preferences.ts';
import { occurrenceLabel } from '../api/venueTime.ts';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import { useGuestListBar } from './useGuestListBar.ts';

const log = (message: string, context?: unknown) => console.warn(`[doorlist] ${message}`, context ?? '');

type Outcome = GuestFileImport | { ok: 'stopped' } | null;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function GuestListSection({ settings }: { settings: SettingsRow }) {
  const engine = useEngine();
  const bar = useGuestListBar(settings);
  const origin = useLive(() => engine.live.guestListOrigin(), [engine]);
  const doorDate = doorOccurrenceOf(settings.config, preferencesOf(settings), new Date());
  const [date, setDate] = useState<string>(doorDate);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const source = guestListSourceOf(settings.config, window.location.origin);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await engine.importGuestFile(settings.config, file, date));
    } catch (error) {
      log('guest list: import failed', error);
      setOutcome({ ok: false, lines: [`The list could not be stored on this device (${error instanceof Error ? error.message : String(error)}).`] });
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    if (await engine.stopUsingFileList()) setOutcome({ ok: 'stopped' });
  };

  const validDate = DATE.test(date);
  return (
    <section className="transfer guest-list-import" aria-label="Guest list" data-testid="guest-list-section">
      <h2>Guest list</h2>
      {bar && (
        <p data-testid="guest-list-summary" data-tone={bar.tone}>
          {bar.text}
          {origin === 'file' ? ' (imported from a file)' : ''}
        </p>
      )}
      <p>
        Import the box office&apos;s list (CSV or JSON) when this door cannot download one. It replaces the list on this door only. The file needs a <code>code</code>{' '}
        column (or <code>purchase_id</code> and <code>ticket_ref</code>); <code>name</code>, <code>ticket_type</code>, <code>reference</code>, <code>refunded</code>,{' '}
        <code>checked_in</code> and <code>occurrence</code> are optional. Your organiser has the full list of columns.
      </p>
      <label className="guest-list-date">
        Tickets without a date go to{' '}
        <input type="date" value={date} onChange={(event) => setDate(event.target.value)} data-testid="guest-list-date" required />{' '}
        {validDate && <span>({occurrenceLabel(date, null)}{date === doorDate ? ', the date this door checks in' : ''})</span>}
      </label>
      <div className="transfer-buttons">
        <label className={`file-button${busy || !validDate ? ' disabled' : ''}`}>
          {busy ? 'Importing…' : 'Import a guest list'}
          <input type="file" accept=".csv,.json,text/csv,application/json" disabled={busy || !validDate} onChange={(event) => void onFile(event)} data-testid="guest-list-file" />
        </label>
        {origin === 'file' && (
          <button type="button" onClick={() => void stop()} data-testid="guest-list-stop">
            Stop using the imported list
          </button>
        )}
      </div>
      {outcome?.ok === true && (
        <p role="status" className="notice notice-ok" data-testid="guest-list-outcome">
          Imported {outcome.tickets.toLocaleString('en-GB')} ticket{outcome.tickets === 1 ? '' : 's'} for {outcome.occurrences.map((day) => occurrenceLabel(day, null)).join(', ')}. This door now
          checks codes against this list{source ? ', and no longer downloads one until you stop using it' : ''}.
        </p>
      )}
      {outcome?.ok === 'stopped' && (
        <p role="status" className="notice notice-ok" data-testid="guest-list-outcome">
          {source === 'gateway'
            ? 'The imported list is gone: this door downloads the list from the gateway again.'
            : source === 'dmn'
              ? 'The imported list is gone: this door downloads the list from DesignMyNight again.'
              : 'The imported list is gone: this door has no guest list now.'}
        </p>
      )}
      {outcome?.ok === false && (
        <div role="alert" className="notice notice-bad" data-testid="guest-list-outcome">
          <p>
            <strong>Nothing was imported.</strong> The list on this door is unchanged. Fix the file and import it again:
          </p>
          <ul data-testid="guest-list-errors">
            {outcome.lines.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
