// Venue-local calendar and clock formatting (Europe/London by default), the way Tonic's replies label dates.

import { toVenueTime } from '../src/api/venueTime.ts';

export const VENUE_TIME_ZONE = 'Europe/London';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The venue's calendar date at an instant, as YYYY-MM-DD. */
export function venueDate(instant: Date, timeZone = VENUE_TIME_ZONE): string {
  return toVenueTime(instant, timeZone).slice(0, 10);
}

/** The venue's wall-clock time at an instant, as Tonic's `YYYY-MM-DD HH:MM:SS`. */
export function venueDateTime(instant: Date, timeZone = VENUE_TIME_ZONE): string {
  return toVenueTime(instant, timeZone); // the same wall clock the app sends as `time`
}

/** ISO 8601 with the venue's UTC offset, like Tonic's `responseTime` ("2023-04-18T11:24:41+01:00"). */
export function venueIsoWithOffset(instant: Date, timeZone = VENUE_TIME_ZONE): string {
  const zoneName =
    new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  // ICU writes UTC itself as a bare "GMT"; everything else as "GMT+01:00".
  const offset = zoneName === 'GMT' ? '+00:00' : zoneName.replace('GMT', '');
  return `${toVenueTime(instant, timeZone).replace(' ', 'T')}${offset}`;
}

/** True for a real calendar date written as YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = DATE_ONLY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Calendar arithmetic on YYYY-MM-DD, free of time zones and DST. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days));
  return shifted.toISOString().slice(0, 10);
}

/** Tonic's `nice_date`, e.g. "Tuesday 24 November 2026". */
export function niceDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const instant = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(instant);
  const pick = (type: Intl.DateTimeFormatPartTypes): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${pick('weekday')} ${pick('day')} ${pick('month')} ${pick('year')}`;
}
