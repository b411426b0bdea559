// `npm run test:dates` runs the whole suite with the system date faked (libfaketime) a year ahead, in UTC+14. This
// file checks the faking took hold, so that run cannot pass by quietly running on today's date, and checks the day it picks.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { targetStart } from '../../scripts/testOnAnotherDay.mjs';
import { venueDateTime } from '../venueTime.ts';

const pickStart = targetStart as (now: Date) => Date;
const faked = process.env.DOORLIST_FAKED_DATE;

describe('the faked-date run', () => {
  it.each([
    ['in winter', '2026-12-03T13:45:00Z', '2027-12-04 23:59:40'],
    ['across the change to summer time', '2026-03-27T12:00:00Z', '2027-03-28 23:59:40'],
    ['10 s before venue midnight', '2026-12-03T23:59:50Z', '2027-12-04 23:59:40'],
  ])('starts a year and a day ahead, 20 s before the venue midnight after that (%s)', (_when, now, venueStart) => {
    const start = pickStart(new Date(now));
    expect(venueDateTime(start)).toBe(venueStart);
    expect(start.getTime() - Date.parse(now)).toBeGreaterThanOrEqual(366 * 86_400_000 - 20_000);
  });

  it.runIf(faked !== undefined)('runs on the faked clock and in UTC+14', () => {
    const start = Date.parse(faked ?? '');
    // Every process of the run shares one offset: a test file runs within minutes of the run's start.
    expect(Date.now()).toBeGreaterThanOrEqual(start - 5_000);
    expect(Date.now()).toBeLessThan(start + 30 * 60_000);
    expect(new Date().getTimezoneOffset()).toBe(-14 * 60);
  });
});
