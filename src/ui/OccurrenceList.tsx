// The event's occurrences as last fetched from Tonic: date, capacity, sold, sold out or cancelled, and how old the data is.
import type { OccurrenceRow } from '../engine/viewTypes.ts';

export function OccurrenceList({ occurrences, ageMinutes, error }: { occurrences: OccurrenceRow[]; ageMinutes: number | null; error: string | null }) {
  return (
    <section aria-label="Event" data-testid="occurrences">
      <h2>Event</h2>
      {occurrences.length === 0 ? (
        <p className="recent-empty">{error ? `No event data yet: ${error}` : 'No event data yet. It is fetched when the device is online.'}</p>
      ) : (
        <ul className="occurrences">
          {occurrences.map((occurrence) => (
            <li key={occurrence.key} data-testid="occurrence">
              <span>
                <strong>{occurrence.niceDate ?? occurrence.occurrenceDate}</strong>
                {occurrence.start ? ` · ${occurrence.start}` : ''}
              </span>
              <span>
                {occurrence.sold ?? '?'} sold of {occurrence.capacity ?? '?'}
                {occurrence.cancelled ? ' · CANCELLED' : occurrence.soldOut ? ' · sold out' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {ageMinutes !== null && (
        <p className="data-age">
          Updated {ageMinutes < 1 ? 'just now' : `${ageMinutes} min ago`}
          {error ? ` · last refresh failed: ${error}` : ''}
        </p>
      )}
    </section>
  );
}
