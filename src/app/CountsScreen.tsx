// Counts: sold and checked in per occurrence, this door's check-ins and check-outs per hour, RunSignup counts, and sending.
import type { SettingsRow } from '../engine/viewTypes.ts';
import { toVenueClock, toVenueTime } from '../api/venueTime.ts';
import { preferencesOf } from '../settings/preferences.ts';
import type { HourMovements } from '../reports/doorCounts.ts';
import { BacklogBar } from '../ui/BacklogBar.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { useBacklogProgress } from './useBacklogProgress.ts';
import { ageText, useMinuteClock } from './useMinuteClock.ts';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import './counts.css';

/** The night so far: a door opens hours before the show and a late show ends after midnight. */
const HOURS_WINDOW_MS = 24 * 60 * 60_000;
/** RunSignup tickets listed; the rest are summed up in one line, so the screen stays readable at the door. */
const COUNTS_SHOWN = 30;

const venueDate = (now: number, timeZone: string): string => toVenueTime(new Date(now), timeZone).slice(0, 10);
const nextHour = (hour: string): string => String((Number(hour) + 1) % 24).padStart(2, '0');

function HourRows({ hours, today }: { hours: HourMovements[]; today: string }) {
  const busiest = Math.max(1, ...hours.map((entry) => Math.max(entry.checkIns, entry.checkOuts)));
  return (
    <table className="counts-table hours-table" data-testid="counts-hours">
      <thead>
        <tr>
          <th scope="col">Hour</th>
          <th scope="col">In</th>
          <th scope="col">Out</th>
        </tr>
      </thead>
      <tbody>
        {[...hours].reverse().map((entry) => {
          const [day = '', hour = ''] = entry.hour.split(' ');
          return (
            <tr key={entry.hour} data-testid="counts-hour" data-hour={entry.hour} data-in={entry.checkIns} data-out={entry.checkOuts}>
              <th scope="row">
                {day === today ? '' : `${day.slice(8, 10)}/${day.slice(5, 7)} `}
                {hour}:00–{nextHour(hour)}:00
              </th>
              <td>
                <span className="bar bar-in" style={{ inlineSize: `${(entry.checkIns / busiest) * 100}%` }} aria-hidden="true" />
                <span className="bar-number">{entry.checkIns}</span>
              </td>
              <td>
                <span className="bar bar-out" style={{ inlineSize: `${(entry.checkOuts / busiest) * 100}%` }} aria-hidden="true" />
                <span className="bar-number">{entry.checkOuts}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function CountsScreen({ settings, navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  const engine = useEngine();
  const now = useMinuteClock();
  const backlog = useBacklogProgress();
  const { config } = settings;
  const chosenDate = preferencesOf(settings).occurrenceDate;
  // `now` too: the hour window moves on even when nothing is scanned.
  const data = useLive(() => engine.live.doorCounts(config.tonic.eventId, HOURS_WINDOW_MS), [engine, config.tonic.eventId, now]);
  const today = venueDate(now, config.venueTimeZone);
  const lastSent = data?.status?.lastSuccessAt ?? null;
  const totals = (data?.hours ?? []).reduce((sum, entry) => ({ in: sum.in + entry.checkIns, out: sum.out + entry.checkOuts }), { in: 0, out: 0 });

  return (
    <ScreenFrame title="Counts" onBack={() => navigate('/')} className="counts-screen">
      <section aria-labelledby="counts-sending" className="counts-section">
        <h2 id="counts-sending">Sending to Tonic</h2>
        {backlog && <BacklogBar view={backlog} />}
        <dl className="facts" data-testid="counts-sync">
          <dt>Waiting to send</dt>
          <dd data-testid="counts-waiting">{data ? data.waiting.toLocaleString('en-GB') : '…'}</dd>
          <dt>Last sent to Tonic</dt>
          <dd data-testid="counts-last-sent">
            {lastSent ? `${toVenueClock(new Date(lastSent), config.venueTimeZone)} (${ageText(lastSent, now)})` : 'Nothing sent yet'}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="counts-occurrences" className="counts-section">
        <h2 id="counts-occurrences">Performances</h2>
        {data && data.occurrences.length === 0 ? (
          <p className="recent-empty">No performances saved yet: they are fetched from Tonic while the device is online.</p>
        ) : (
          <table className="counts-table" data-testid="counts-occurrences">
            <thead>
              <tr>
                <th scope="col">Performance</th>
                <th scope="col">Sold of capacity</th>
                <th scope="col">In at this door</th>
              </tr>
            </thead>
            <tbody>
              {(data?.occurrences ?? []).map(({ occurrence, label, inAtThisDoor }) => (
                <tr key={occurrence.key} data-testid="counts-occurrence" data-date={occurrence.occurrenceDate} className={occurrence.occurrenceDate === chosenDate ? 'chosen' : ''}>
                  <th scope="row">
                    {occurrence.occurrenceDate === chosenDate && <span aria-label="this door">✓ </span>}
                    {label}
                    {(occurrence.cancelled || occurrence.soldOut) && <span className="counts-flag">{occurrence.cancelled ? '✕ Cancelled' : '■ Sold out'}</span>}
                  </th>
                  <td>
                    {occurrence.sold ?? '?'} of {occurrence.capacity ?? '?'}
                  </td>
                  <td data-testid="counts-in-here">{inAtThisDoor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data?.status?.lastOccurrencesAt && <p className="data-age">Sales updated {ageText(data.status.lastOccurrencesAt, now)}.</p>}
      </section>

      <section aria-labelledby="counts-hours-title" className="counts-section">
        <h2 id="counts-hours-title">This device, per hour</h2>
        {data && data.hours.length === 0 ? (
          <p className="recent-empty" data-testid="counts-hours-empty">
            No check-ins or check-outs on this device in the last 24 hours.
          </p>
        ) : (
          <>
            <p className="counts-totals" data-testid="counts-totals">
              <strong>{totals.in}</strong> checked in · <strong>{totals.out}</strong> checked out in the last 24 hours
            </p>
            <HourRows hours={data?.hours ?? []} today={today} />
          </>
        )}
      </section>

      <section aria-labelledby="counts-runsignup" className="counts-section">
        <h2 id="counts-runsignup">RunSignup check-ins this window</h2>
        {!config.runsignup ? (
          <p className="recent-empty">No RunSignup event is set up for this door.</p>
        ) : data && data.counts.length === 0 ? (
          <p className="recent-empty" data-testid="counts-runsignup-empty">
            No RunSignup tickets scanned here in the last 3 hours.
          </p>
        ) : (
          <table className="counts-table" data-testid="counts-runsignup">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Check-ins</th>
                <th scope="col">As of</th>
              </tr>
            </thead>
            <tbody>
              {(data?.counts ?? []).slice(0, COUNTS_SHOWN).map(({ ticketId, count }) => (
                <tr key={ticketId} data-testid="counts-window" data-ticket={ticketId} data-count={count?.windowCheckedInCount ?? ''}>
                  <th scope="row">{ticketId}</th>
                  <td>{count ? count.windowCheckedInCount : '—'}</td>
                  <td>{count ? ageText(count.fetchedAt, now) : 'not fetched yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data && data.counts.length > COUNTS_SHOWN && <p className="data-age">and {data.counts.length - COUNTS_SHOWN} more tickets.</p>}
        {data?.status?.lastCountsError && <p className="data-age">Last RunSignup refresh failed: {data.status.lastCountsError}</p>}
      </section>
    </ScreenFrame>
  );
}
