// Tests of venue-local date formatting across GMT and BST.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, niceDate, venueDate, venueDateTime, venueIsoWithOffset } from './venueTime.ts';

describe('venue time (Europe/London)', () => {
  it('formats winter (GMT) and summer (BST) instants with the right offset', () => {
    expect(venueIsoWithOffset(new Date('2026-11-24T18:30:05Z'))).toBe('2026-11-24T18:30:05+00:00');
    expect(venueIsoWithOffset(new Date('2023-04-18T10:24:41Z'))).toBe('2023-04-18T11:24:41+01:00');
    expect(venueDateTime(new Date('2027-07-01T23:30:00Z'))).toBe('2027-07-02 00:30:00');
    expect(venueDate(new Date('2027-07-01T23:30:00Z'))).toBe('2027-07-02');
    expect(venueIsoWithOffset(new Date('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00+05:30');
  });

  it('writes nice dates as Tonic does', () => {
    expect(niceDate('2026-11-24')).toBe('Tuesday 24 November 2026');
    expect(niceDate('2027-01-01')).toBe('Friday 1 January 2027');
  });

  it('does calendar arithmetic and validation', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-2-01')).toBe(false);
  });
});
