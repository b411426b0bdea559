// What this door has done, for the Event and Counts screens: guests in per occurrence date, movements per hour, RunSignup counts in play.
import { occurrenceLabel } from '../api/venueTime.ts';
import { encodeTime } from 'ulid';
import type { DoorlistDatabase } from '../db/database.ts';
import type { CountRow, OccurrenceRow, ScanRow } from '../db/tables.ts';
import { numericTicketsInPlay } from '../feeds/ticketsInPlay.ts';

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
/** Venue zones run from UTC-12 to UTC+14: a venue date lies within this much of the same UTC date. */
const ZONE_MARGIN_MS = 14 * HOUR_MS;
const ULID_RANDOM_LENGTH = 16;

/** Scan ids are ULIDs, time first: a time range is an id range, read from the primary key without a table scan. */
const scansBetween = (db: DoorlistDatabase, fromMs: number, toMs: number) =>
  db.scans.where('id').between(encodeTime(Math.max(0, fromMs), 10) + '0'.repeat(ULID_RANDOM_LENGTH), encodeTime(toMs, 10) + 'Z'.repeat(ULID_RANDOM_LENGTH), true, true);

/**
 * Scans this door made that stand: not another device's (brought in by an import) and not refused by the server
 * (unknown, cancelled, or in at another door first). A failed send still stands: the guest went in.
 */
const madeHereAndStands = (row: ScanRow): boolean => !row.importedAt && row.state !== 'rejected';

/**
 * Guests this door let in on a venue date and did not check out since. Tonic's ticket ids do not say which
 * occurrence they are for, so the scan's venue date stands in for it.
 */
export async function guestsInAtThisDoor(db: DoorlistDatabase, venueDate: string): Promise<number> {
  const midnightUtc = Date.parse(`${venueDate}T00:00:00Z`);
  if (Number.isNaN(midnightUtc)) return 0;
  const latest = new Map<string, ScanRow['verdict']['kind']>();
  await scansBetween(db, midnightUtc - ZONE_MARGIN_MS, midnightUtc + DAY_MS + ZONE_MARGIN_MS).each((row) => {
    if (!row.ticketId || !row.venueTime.startsWith(venueDate) || !madeHereAndStands(row)) return;
    if (row.verdict.kind === 'admitted' || row.verdict.kind === 'checkedOut') latest.set(row.ticketId, row.verdict.kind); // id order is time order
  });
  let inside = 0;
  for (const kind of latest.values()) if (kind === 'admitted') inside += 1;
  return inside;
}

export interface OccurrenceSummary {
  occurrence: OccurrenceRow;
  /** e.g. "Tue 24 Nov 19:00". */
  label: string;
  inAtThisDoor: number;
}

/** The event's cached occurrences, in date order, each with the guests this door has in on its date. */
export async function occurrenceSummaries(db: DoorlistDatabase, eventId: string): Promise<OccurrenceSummary[]> {
  const occurrences = await db.occurrences.where('eventId').equals(eventId).sortBy('occurrenceDate');
  return Promise.all(
    occurrences.map(async (occurrence) => ({
      occurrence,
      label: occurrenceLabel(occurrence.occurrenceDate, occurrence.start),
      inAtThisDoor: await guestsInAtThisDoor(db, occurrence.occurrenceDate),
    })),
  );
}

export interface HourMovements {
  /** Venue wall clock, 'YYYY-MM-DD HH'. */
  hour: string;
  checkIns: number;
  checkOuts: number;
}

const hourKey = (ms: number): string => new Date(ms).toISOString().slice(0, 13).replace('T', ' ');
const hourMs = (key: string): number => Date.parse(`${key.replace(' ', 'T')}:00:00Z`);

/**
 * This door's check-ins and check-outs per hour of venue time since `sinceMs`, oldest hour first, quiet hours
 * between busy ones included as zeros so the rhythm of the night reads at a glance. Empty when nothing was scanned.
 */
export async function movementsByHour(db: DoorlistDatabase, sinceMs: number, nowMs: number): Promise<HourMovements[]> {
  const byHour = new Map<string, HourMovements>();
  await scansBetween(db, sinceMs, nowMs).each((row) => {
    if (!madeHereAndStands(row)) return;
    const checkIn = row.direction === 'in' && row.verdict.kind === 'admitted';
    const checkOut = row.direction === 'out' && row.verdict.kind === 'checkedOut';
    if (!checkIn && !checkOut) return;
    const hour = row.venueTime.slice(0, 13);
    const entry = byHour.get(hour) ?? { hour, checkIns: 0, checkOuts: 0 };
    if (checkIn) entry.checkIns += 1;
    else entry.checkOuts += 1;
    byHour.set(hour, entry);
  });
  const hours = [...byHour.keys()].sort();
  const first = hours[0];
  const last = hours.at(-1);
  if (first === undefined || last === undefined) return [];
  // Wall-clock hours, stepped as if UTC: only labels, so a DST change at most repeats or skips one empty hour.
  const filled: HourMovements[] = [];
  for (let at = hourMs(first); at <= hourMs(last); at += HOUR_MS) {
    const hour = hourKey(at);
    filled.push(byHour.get(hour) ?? { hour, checkIns: 0, checkOuts: 0 });
  }
  return filled;
}

export interface WindowCountInPlay {
  ticketId: string;
  /** Null: not fetched from RunSignup yet. */
  count: CountRow | null;
}

/** RunSignup window counts for the numeric tickets this door scanned lately (the ones kept fresh), newest scan first. */
export async function windowCountsInPlay(db: DoorlistDatabase, nowMs: number): Promise<WindowCountInPlay[]> {
  const ticketIds = await numericTicketsInPlay(db, nowMs);
  const counts = await db.counts.bulkGet(ticketIds);
  return ticketIds.map((ticketId, index) => ({ ticketId, count: counts[index] ?? null }));
}

