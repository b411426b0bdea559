// The day an end-to-end test runs on, injected into both sides: the demo server's clock (POST /__control/clock)
// and the page's (Playwright's clock, which then runs on in real time). Specs whose result depends on the date or
// the hour use it, so they pass on any day and at any hour, midnight included.
import type { APIRequestContext, Page } from '@playwright/test';
import { toVenueTime } from '../../src/api/venueTime.ts';

/** Saturday 17 July 2027, 18:20 in London (summer time, UTC+1): 40 minutes before the show, far from midnight and from the next hour. */
export const E2E_NOW = new Date('2027-07-17T17:20:00Z');
export const E2E_VENUE_TIME_ZONE = 'Europe/London';

/** `2027-07-17`, the venue's calendar date at `at`. */
export const venueDateAt = (at: Date): string => toVenueTime(at, E2E_VENUE_TIME_ZONE).slice(0, 10);

/**
 * Puts the server and the page on `at`. Call it after the emulator's reset (which puts the server back on the
 * machine's clock) and before the page first loads.
 */
export async function runOnDay(page: Page, request: APIRequestContext, at: Date = E2E_NOW): Promise<void> {
  const response = await request.post('/__control/clock', { data: { now: at.toISOString() } });
  if (!response.ok()) throw new Error(`setting the demo server's clock failed: ${response.status()} ${await response.text()}`);
  await page.clock.install({ time: at });
}
