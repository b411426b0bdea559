// Formats an instant as Tonic's `time` ('YYYY-MM-DD HH:MM:SS', no offset) in the venue's time zone.

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
