// The walking skeleton end to end: fake camera -> verdicts -> IndexedDB outbox -> Tonic emulator -> RunSignup counts.
import { expect, test } from '@playwright/test';
import { toVenueTime } from '../src/api/venueTime.ts';
import { DOOR_TICKETS, NUMERIC_TICKET_ID, SEED_TICKET_ID } from './fixtures/doorVideo.ts';
import { E2E_NOW, E2E_VENUE_TIME_ZONE, runOnDay } from './support/clock.ts';
import { storedScans } from './support/deviceDb.ts';
import { Emulator } from './support/emulator.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});

test('three tickets scanned -> three verdicts -> exactly those three check-ins; shown again -> already in, nothing new sent', async ({ page, request }) => {
  const emulator = new Emulator(request);
  const setup = new SetupPage(page);
  const scan = new ScanPage(page);
  // On a chosen day: venue times compared as text are only ordered away from the hour that repeats when clocks go back.
  await runOnDay(page, request);
  const startedAt = toVenueTime(new Date(E2E_NOW.getTime() - 1_000), E2E_VENUE_TIME_ZONE);

  await setup.open(setupLinkFor('E2E door 1'));
  await setup.expectDone('E2E door 1');
  await expect(page).toHaveURL(/\/setup$/); // the secrets left the address bar
  await setup.startScanning();
  await scan.expectCameraRunning();

  for (const ticket of DOOR_TICKETS) {
    await expect(scan.recentScan({ ticket, verdict: 'admitted', state: 'confirmed' })).toHaveCount(1, { timeout: 30_000 });
  }
  await expect(scan.recentScan({ verdict: 'notATicket' }).first()).toBeVisible();

  const received = await emulator.checkIns();
  const endedAt = toVenueTime(new Date((await page.evaluate(() => Date.now())) + 1_000), E2E_VENUE_TIME_ZONE);
  expect(received.map((checkIn) => checkIn.ticket_id).sort()).toEqual([...DOOR_TICKETS].sort());
  const stored = await storedScans(page);
  for (const checkIn of received) {
    expect(checkIn).toMatchObject({ device_name: 'E2E door 1', source: 'doorlist', async: false, result: 'success' });
    expect(checkIn.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(checkIn.time >= startedAt && checkIn.time <= endedAt).toBe(true);
    // the time sent is the scan's own time, not the send time
    expect(stored.find((row) => row.ticketId === checkIn.ticket_id && row.verdict.kind === 'admitted')?.venueTime).toBe(checkIn.time);
  }

  // The video loops: each ticket comes round again and is "already in", decided on the device.
  await expect(scan.recentScan({ ticket: SEED_TICKET_ID, verdict: 'alreadyIn' }).first()).toBeVisible({ timeout: 30_000 });
  await expect(scan.verdict).toContainText(/Already in at \d\d:\d\d/);
  await expect(scan.recentScan({ ticket: NUMERIC_TICKET_ID, verdict: 'alreadyIn' }).first()).toBeVisible({ timeout: 30_000 });
  await expect(scan.verdict).toContainText('Already in');
  await expect(page.getByTestId('window-count')).toContainText('RunSignup check-ins this window: 1');
  await page.screenshot({ path: 'e2e/.artifacts/screens/scan-already-in.png' });

  const after = await storedScans(page);
  expect(after.filter((row) => row.state !== 'local')).toHaveLength(3); // queued once each, never twice
  expect(await emulator.checkIns()).toHaveLength(3);
});

test('the scan screen shows an admitted guest with the RunSignup count', async ({ page }) => {
  const setup = new SetupPage(page);
  const scan = new ScanPage(page);
  await setup.open(setupLinkFor('E2E door 2'));
  await setup.startScanning();
  await expect(scan.recentScan({ ticket: NUMERIC_TICKET_ID, state: 'confirmed' })).toHaveCount(1, { timeout: 30_000 });
  await expect(scan.verdict.filter({ hasText: 'Admitted' })).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'e2e/.artifacts/screens/scan-admitted.png' });
  await scan.expectWaiting(0);
});
