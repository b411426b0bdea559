// Venue-local calendar and clock formatting (Europe/London by default), the way Tonic's replies label dates.

export const VENUE_TIME_ZONE = 'Europe/London';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const pick = (type: Intl.DateTimeFormatPartTypes): string => parts.find((part) => part.type === type)?.value ?? '00';
  return { year: pick('year'), month: pick('month'), day: pick('day'), hour: pick('hour'), minute: pick('minute'), second: pick('second') };
}

/** The venue's calendar date at an instant, as YYYY-MM-DD. */
export function venueDate(instant: Date, timeZone = VENUE_TIME_ZONE): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${year}-${month}-${day}`;
}

/** The venue's wall-clock time at an instant, as Tonic's `YYYY-MM-DD HH:MM:SS`. */
export function venueDateTime(instant: Date, timeZone = VENUE_TIME_ZONE): string {
  const { year, month, day, hour, minute, second } = localParts(instant, timeZone);
  return `${year}-${month}-${day} ${hour}:${minute}:${second}`;
}

/** ISO 8601 with the venue's UTC offset, like Tonic's `responseTime` ("2023-04-18T11:24:41+01:00"). */
export function venueIsoWithOffset(instant: Date, timeZone = VENUE_TIME_ZONE): string {
  const { year, month, day, hour, minute, second } = localParts(instant, timeZone);
  const zoneName =
    new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  // ICU writes UTC itself as a bare "GMT"; everything else as "GMT+01:00".
  const offset = zoneName === 'GMT' ? '+00:00' : zoneName.replace('GMT', '');
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
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
