import { describe, expect, it } from 'vitest';
import { toVenueClock, toVenueTime } from './venueTime.ts';

describe('toVenueTime', () => {
  it('uses GMT in London winter and BST in summer', () => {
    expect(toVenueTime(new Date('2026-11-24T19:02:03Z'), 'Europe/London')).toBe('2026-11-24 19:02:03');
    expect(toVenueTime(new Date('2026-07-01T19:02:03Z'), 'Europe/London')).toBe('2026-07-01 20:02:03');
  });

  it('crosses midnight into the venue date', () => {
    expect(toVenueTime(new Date('2026-11-24T23:30:00Z'), 'Europe/Stockholm')).toBe('2026-11-25 00:30:00');
  });

  it('writes hour 00 not 24 at midnight', () => {
    expect(toVenueTime(new Date('2026-11-24T00:00:09Z'), 'UTC')).toBe('2026-11-24 00:00:09');
    expect(toVenueClock(new Date('2026-11-24T00:05:09Z'), 'UTC')).toBe('00:05');
  });
});
