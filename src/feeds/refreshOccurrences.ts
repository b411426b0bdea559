// Fetches the door's event occurrences from Tonic (yesterday to a week ahead, venue calendar) and caches them for offline.
import type { TonicClient } from '../api/tonicClient.ts';
import { toVenueTime } from '../api/venueTime.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { OccurrenceRow } from '../db/tables.ts';
import { writeSyncStatus } from '../sync/syncStatus.ts';

export const OCCURRENCES_REFRESH_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export async function refreshOccurrences(
  db: DoorlistDatabase,
  tonic: TonicClient,
  eventId: string,
  venueTimeZone: string,
  now: () => number,
  log: (message: string, context?: unknown) => void,
): Promise<void> {
  const at = now();
  const from = toVenueTime(new Date(at - DAY_MS), venueTimeZone).slice(0, 10);
  const to = toVenueTime(new Date(at + 7 * DAY_MS), venueTimeZone).slice(0, 10);
  const reply = await tonic.occurrences(eventId, from, to);
  const fetchedAt = new Date(at).toISOString();
  if (!reply.ok) {
    log('occurrences: refresh failed', reply.error);
    await writeSyncStatus(db, { lastOccurrencesError: reply.error.message });
    return;
  }
  const rows = reply.value.map(
    (occurrence): OccurrenceRow => ({
      key: `${eventId}|${occurrence.occurrence_date}`,
      eventId,
      occurrenceDate: occurrence.occurrence_date,
      start: occurrence.occurrence_start ?? null,
      end: occurrence.occurrence_end ?? null,
      niceDate: occurrence.nice_date ?? null,
      onSale: occurrence.on_sale ?? null,
      cancelled: occurrence.is_cancelled === true,
      soldOut: occurrence.sold_out === true,
      capacity: occurrence.max_total_tickets ?? null,
      sold: occurrence.total_sales_tickets ?? null,
      fetchedAt,
    }),
  );
  await db.transaction('rw', db.occurrences, async () => {
    // The window's answer replaces what we had for it: an occurrence removed upstream disappears here too.
    await db.occurrences.where('eventId').equals(eventId).filter((row) => row.occurrenceDate >= from && row.occurrenceDate <= to).delete();
    await db.occurrences.bulkPut(rows);
  });
  await writeSyncStatus(db, { lastOccurrencesAt: fetchedAt, lastOccurrencesError: null });
}
