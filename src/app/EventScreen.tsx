// Event: which Tonic occurrence this door checks in, from the cached occurrences, with capacity, sales and guests in here.
import { useState } from 'react';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { preferencesOf } from '../settings/preferences.ts';
import { occurrenceLabel } from '../api/venueTime.ts';
import type { OccurrenceSummary } from '../reports/doorCounts.ts';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import { useOnline } from './useOnline.ts';
import { ageText, useMinuteClock } from './useMinuteClock.ts';
import './event.css';

function OccurrenceChoice({ summary, chosen, onChoose }: { summary: OccurrenceSummary; chosen: boolean; onChoose: () => void }) {
  const { occurrence } = summary;
  const state = occurrence.cancelled
    ? { tone: 'bad', icon: '✕', words: 'Cancelled' }
    : occurrence.soldOut
      ? { tone: 'warn', icon: '■', words: 'Sold out' }
      : { tone: 'ok', icon: '●', words: occurrence.onSale === false ? 'Not on sale' : 'On sale' };
  return (
    <li>
      <button
        type="button"
        className={`occurrence-choice${chosen ? ' chosen' : ''}`}
        aria-pressed={chosen}
        data-testid="event-occurrence"
        data-date={occurrence.occurrenceDate}
        onClick={onChoose}
      >
        <span className="occurrence-when">
          {chosen && <span aria-hidden="true">✓ </span>}
          {summary.label}
        </span>
        <span className={`occurrence-state state-${state.tone}`}>
          <span aria-hidden="true">{state.icon}</span> {state.words}
        </span>
        <span className="occurrence-figures">
          <span>
            <strong>{occurrence.sold ?? '?'}</strong> sold of <strong>{occurrence.capacity ?? '?'}</strong>
          </span>
          <span data-testid="in-at-this-door">
            <strong>{summary.inAtThisDoor}</strong> checked in at this door
          </span>
        </span>
        {chosen && <span className="occurrence-current">This door checks in this one</span>}
      </button>
    </li>
  );
}

export function EventScreen({ settings, navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  const engine = useEngine();
  const online = useOnline();
  const now = useMinuteClock();
  const eventId = settings.config.tonic.eventId;
  const chosenDate = preferencesOf(settings).occurrenceDate;
  const data = useLive(() => engine.live.eventOverview(eventId), [engine, eventId]);
  const [problem, setProblem] = useState<string | null>(null);

  const choose = async (occurrenceDate: string) => {
    setProblem(null);
    try {
      if (!(await engine.updatePreferences({ occurrenceDate }))) setProblem('This device is not set up: nothing was changed.');
    } catch (error) {
      console.warn('[doorlist] event: could not store the chosen occurrence', error);
      setProblem('The choice could not be stored on this device. Try again.');
    }
  };

  const summaries = data?.summaries ?? [];
  const age = ageText(data?.status?.lastOccurrencesAt, now);
  const refreshError = data?.status?.lastOccurrencesError ?? null;
  const chosenListed = summaries.some((summary) => summary.occurrence.occurrenceDate === chosenDate);

  return (
    <ScreenFrame title="Event" onBack={() => navigate('/')} className="event-screen">
      <p className="event-current" data-testid="event-current">
        {chosenDate ? (
          <>
            This door checks in <strong>{occurrenceLabel(chosenDate, summaries.find((s) => s.occurrence.occurrenceDate === chosenDate)?.occurrence.start ?? null)}</strong>
            {!chosenListed && data !== undefined ? ' (no longer in the saved list)' : ''}.
          </>
        ) : (
          'Tap the performance this door is checking in.'
        )}
      </p>
      <p className={`event-freshness${online ? '' : ' offline'}`} data-testid="event-freshness">
        {!online && (
          <>
            <span aria-hidden="true">✕ </span>Offline: showing saved data.{' '}
          </>
        )}
        {age ? `Updated from Tonic ${age}.` : 'Not fetched from Tonic yet.'}
        {refreshError ? ` Last refresh failed: ${refreshError}.` : ''}
      </p>
      {problem && (
        <p className="notice notice-bad" role="alert">
          {problem}
        </p>
      )}
      {data !== undefined && summaries.length === 0 ? (
        <p className="recent-empty" data-testid="event-empty">
          No performances saved yet. They are fetched from Tonic while the device is online, every few minutes.
        </p>
      ) : (
        <ul className="occurrence-choices" aria-label="Performances">
          {summaries.map((summary) => (
            <OccurrenceChoice
              key={summary.occurrence.key}
              summary={summary}
              chosen={summary.occurrence.occurrenceDate === chosenDate}
              onChoose={() => void choose(summary.occurrence.occurrenceDate)}
            />
          ))}
        </ul>
      )}
      <p className="event-footnote">
        “Checked in at this door” counts guests this device let in on that date and did not check out. Tonic tickets do not say which
        performance they are for, and other doors count their own.
      </p>
    </ScreenFrame>
  );
}
