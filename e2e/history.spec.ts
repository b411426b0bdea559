// The scan history's retention, end to end: Activity says how long scans are kept; Settings refuses days out of range in
// words; a day after a confirmed scan (the page's clock moved on), the hourly clearing removes it and Activity says so.
import { expect, test } from '@playwright/test';
import { runOnDay } from './support/clock.ts';
import { storedScans } from './support/deviceDb.ts';
import { checkInByHand, openDoor, plainTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { screenshotsAtBothSizes } from './support/screenSizes.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

test.beforeEach(async ({ page, request }) => {
  await new Emulator(request).reset();
  await runOnDay(page, request);
});

test('Activity shows the history kept; Settings refuses days out of range; old confirmed scans are cleared and counted', async ({ page }) => {
  const scan = await openDoor(page, 'History door');
  const guest = plainTickets[90]!;
  await checkInByHand(page, guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);

  await scan.openScreen('Activity');
  const history = page.getByTestId('activity-history');
  await expect(history).toHaveText('Kept on this device for 14 days · nothing older cleared yet');
  await screenshotsAtBothSizes(page, 'activity-history');
  await page.getByRole('button', { name: 'Back to scanning' }).click();

  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await settings.expectShown();
  const days = settings.field('Keep scan history for (days)');
  await expect(days).toHaveValue('14');
  for (const bad of ['0', '400', 'a week']) {
    await days.fill(bad);
    await days.press('Enter');
    await expect(settings.fieldError('Keep scan history for (days)')).toHaveText('✕ The days must be a whole number from 1 to 365 (a year). Nothing was changed.');
  }
  await page.locator('section[aria-labelledby="settings-history"]').screenshot({ path: 'e2e/.artifacts/screens/settings-history-refused.png' });
  await days.fill('1');
  await days.press('Enter');
  await expect(settings.fieldError('Keep scan history for (days)')).toHaveCount(0);
  await settings.back();

  // Two days on: the hourly clearing (its timer fires once) finds the confirmed scan older than a day.
  await page.clock.fastForward('48:00:00');
  await scan.openScreen('Activity');
  await expect(history).toHaveText('Kept on this device for 1 day · 1 older scan cleared, the last on 19 Jul');
  expect(await storedScans(page)).toEqual([]);
  await screenshotsAtBothSizes(page, 'activity-history-cleared');
});
