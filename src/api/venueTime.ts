// Formats an instant as Tonic's `time` ('YYYY-MM-DD HH:MM:SS', no offset) in the venue's time zone, and a venue
// calendar date (an occurrence) as people read it.

const formatters = new Map<string, Intl.DateTimeFormat>(); // a cache of immutable formatters, not engine state

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function toVenueTime(instant: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** 'HH:MM' of an instant in the venue's zone, for "Already in at 19:02". */
export function toVenueClock(instant: Date, timeZone: string): string {
  return toVenueTime(instant, timeZone).slice(11, 16);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

/**
 * "Tue 24 Nov 19:00" from Tonic's occurrence date and start (which may be "19:00" or a full date-time).
 * The date is a venue calendar date: formatted as UTC so no device zone can move it a day.
 */
export function occurrenceLabel(occurrenceDate: string, start: string | null): string {
  const midnightUtc = Date.parse(`${occurrenceDate}T00:00:00Z`);
  const day = Number.isNaN(midnightUtc) ? occurrenceDate : dayFormat.format(new Date(midnightUtc)).replace(',', '');
  const time = start ? /(\d{1,2}):(\d{2})/.exec(start) : null; // the first h:mm; a date part has no colon
  return time ? `${day} ${time[1]!.padStart(2, '0')}:${time[2]}` : day;
}
