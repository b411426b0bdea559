// The guest list on the device (issue 12): the demo's direct setup link downloads it from the emulated DesignMyNight and
// the top bar and the pre-doors check show its size and age; a door without one is red and imports a file in Activity.
import { expect, test } from '@playwright/test';
import { demoSetupConfig } from '../server/demoSetupConfig.ts';
import { demoTickets } from '../server/demoData.ts';
import { buildSetupLink } from '../src/contracts/setupLink.ts';
import { runOnDay } from './support/clock.ts';
import { openDoor, plainTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { APP_ORIGIN } from './support/setupLinks.ts';
import { PreDoorsPage } from './pages/PreDoorsPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';
import { failCamera } from './support/cameraProbe.ts';

const SCREENS = 'e2e/.artifacts/screens';

test.beforeEach(async ({ page, request }) => {
  await new Emulator(request).reset();
  await runOnDay(page, request); // the list is for the emulator's tonight, the door's date is the page's today: one day
});

const guestRequests = async (request: import('@playwright/test').APIRequestContext) =>
  ((await (await request.get('/__control/requests')).json()) as { requests: Array<{ path: string; status: number | null }> }).requests.filter((entry) => entry.path.includes('/guests'));

test('the demo direct setup downloads the list: the top bar and the pre-doors check say its size and age', async ({ page, request }) => {
  const tickets = demoTickets().length.toLocaleString('en-GB');
  await failCamera(page, 'NotFoundError');
  const setup = new SetupPage(page);
  await setup.open(buildSetupLink(APP_ORIGIN, demoSetupConfig(APP_ORIGIN)));
  await setup.expectDone('Demo door 1');
  // The setup screen waits for the first download the setup started, and says what arrived.
  await expect(setup.serverCheck('guestList')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
  await expect(setup.serverCheck('guestList')).toContainText(`Guest list: ${tickets} tickets, under 1 min old`);
  await page.getByTestId('setup-server-check').screenshot({ path: `${SCREENS}/guest-list-setup-check.png` });
  await setup.startScanning();
  const scan = new ScanPage(page);
  const bar = page.getByTestId('guest-list-state');
  await expect(bar).toHaveText(`✓ Guest list: ${tickets} tickets, under 1 min old`, { timeout: 30_000 });
  await expect(bar).toHaveAttribute('data-tone', 'ok');
  expect(await guestRequests(request)).toEqual([{ method: 'GET', path: '/dmn/v4/events/60001c4569308525d873cbd7/guests', status: 200, answeredAt: expect.any(String) }]);
  await page.screenshot({ path: `${SCREENS}/guest-list-top-bar.png` });
  await page.setViewportSize({ width: 360, height: 640 });
  await expect(bar).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: `${SCREENS}/guest-list-top-bar-phone.png` });
  await page.setViewportSize({ width: 412, height: 860 });

  // Its age moves with the clock; the next download is not due before 10 minutes.
  await page.clock.fastForward('05:00');
  await expect(bar).toHaveText(`✓ Guest list: ${tickets} tickets, 5 min old`);
  expect(await guestRequests(request)).toHaveLength(1);

  await scan.openScreen('Pre-doors check');
  const check = new PreDoorsPage(page);
  await check.waitForAnswers();
  await check.expectRow('guestList', 'ok', `Guest list: ${tickets} tickets, 5 min old`);
  await check.expectRow('guestList', 'ok', 'It refreshes from DesignMyNight every 10 minutes while online.');
  await check.row('guestList').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/guest-list-predoors.png`, fullPage: true });
});

test('a door without a list is red and says what to do; a file imported in Activity becomes its list, a bad one changes nothing', async ({ page }) => {
  const scan = await openDoor(page, 'Side door'); // a direct setup without the guest list
  const bar = page.getByTestId('guest-list-state');
  await expect(bar).toHaveText('✕ No guest list');
  await scan.openScreen('Pre-doors check');
  const check = new PreDoorsPage(page);
  await check.waitForAnswers();
  await check.expectRow('guestList', 'bad', 'No guest list on this door');
  await check.expectRow('guestList', 'bad', "import the box office's list file in Activity");
  await check.row('guestList').getByRole('button', { name: 'Import a list in Activity' }).click();

  const section = page.getByTestId('guest-list-section');
  await expect(section).toContainText('Tickets without a date go to');
  await expect(section).toContainText('(Sat 17 Jul, the date this door checks in)');
  const good = ['code,name,ticket_type', ...plainTickets.slice(0, 3).map((ticket) => `${ticket.ticketId},${ticket.guestName},General admission`)].join('\n');
  const bad = `${good}\nnot a ticket,Somebody,VIP\n${plainTickets[0]!.ticketId},Twice,VIP\n`;
  await page.getByTestId('guest-list-file').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const outcome = page.getByTestId('guest-list-outcome');
  await expect(outcome).toContainText('Nothing was imported.');
  await expect(page.getByTestId('guest-list-errors').getByRole('listitem')).toHaveText([/^Line 5: /, /^Line 6: /]);
  await expect(page.getByTestId('guest-list-summary')).toHaveText('No guest list');
  await section.screenshot({ path: `${SCREENS}/guest-list-import-refused.png` });

  await page.getByTestId('guest-list-file').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await expect(outcome).toHaveText('Imported 3 tickets for Sat 17 Jul. This door now checks codes against this list.');
  await expect(page.getByTestId('guest-list-summary')).toHaveText('Guest list: 3 tickets, under 1 min old (imported from a file)');
  await section.screenshot({ path: `${SCREENS}/guest-list-imported.png` });
  await page.getByRole('button', { name: 'Back to scanning' }).click();
  await expect(bar).toHaveText('✓ Guest list: 3 tickets, under 1 min old');

  // Staff stop using it: the door has no list again (this setup downloads none).
  await scan.openScreen('Activity');
  await page.getByTestId('guest-list-stop').click();
  await expect(outcome).toHaveText('The imported list is gone: this door has no guest list now.');
  await expect(page.getByTestId('guest-list-summary')).toHaveText('No guest list');
});
