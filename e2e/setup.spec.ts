// Setup links: a good one configures the device; a damaged or incomplete one says why and changes nothing; one that would
// replace a setup asks for the kiosk PIN and a confirmation first.
import { expect, test, type Page } from '@playwright/test';
import { buildSetupLink, encodeSetupConfig } from '../src/contracts/setupLink.ts';
import { checkInByHand, openDoor, plainTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { screenshotsAtBothSizes } from './support/screenSizes.ts';
import { APP_ORIGIN, deviceConfig, setupLinkFor } from './support/setupLinks.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const b64url = (text: string) => Buffer.from(text).toString('base64url');

test('a device with no setup says how to get one', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('not-set-up')).toContainText('This device is not set up yet');
});

test('bad setup links explain themselves and leave the device as it was', async ({ page }) => {
  const setup = new SetupPage(page);
  await setup.open(setupLinkFor('Kept door'));
  await setup.expectDone('Kept door');

  const { tonic, ...withoutTonic } = deviceConfig('Broken door');
  const cases: Array<[string, RegExp]> = [
    ['/setup', /no configuration in it/],
    ['/setup#config=%%%not-base64', /not valid base64url/],
    [`/setup#config=${b64url('{"v":1,')}`, /not valid JSON/],
    [`/setup#config=${b64url(JSON.stringify(withoutTonic))}`, /incomplete or wrong: tonic/],
    [`/setup#config=${b64url(JSON.stringify({ ...deviceConfig('x'), v: 2 }))}`, /unsupported version/],
    [`/setup#config=${encodeSetupConfig({ ...deviceConfig('x'), venueTimeZone: 'Mars/Olympus' })}`, /venueTimeZone is not a known time zone/],
  ];
  void tonic;
  for (const [link, message] of cases) {
    await setup.open(link);
    await setup.expectError(message);
    await expect(page.getByTestId('setup-error')).toContainText('Nothing on this device was changed');
  }
  await page.screenshot({ path: 'e2e/.artifacts/screens/setup-error.png' });
  await page.goto('/');
  await expect(page.getByTestId('device-name')).toHaveText('Kept door');
});

test('a setup link on a set-up device asks for the kiosk PIN, shows what changes and the scans waiting, and replaces nothing until confirmed', async ({ page, request }) => {
  const emulator = new Emulator(request);
  await emulator.reset();
  // First door's token is refused, so its scan stays waiting (sending paused) until a new setup comes.
  const first = deviceConfig('First door');
  first.tonic.token = 'expired-token';
  const scan = await openDoor(page, 'First door', buildSetupLink(APP_ORIGIN, first));
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await settings.setPin('2468');
  await settings.back();
  const ticket = plainTickets[130]!.ticketId;
  await checkInByHand(page, ticket);
  await expect(page.getByRole('alert').filter({ hasText: 'Sending is paused' })).toBeVisible();
  await scan.expectWaiting(1);

  const replacing = buildSetupLink(APP_ORIGIN, { ...deviceConfig('Second door'), tonic: { ...deviceConfig('Second door').tonic, baseUrl: `${APP_ORIGIN}/tonic` } });
  await page.goto(replacing);
  await expect(settings.pinPad).toContainText('This device is set up as First door. Kiosk PIN to replace its setup');
  expect(page.url()).toBe(`${APP_ORIGIN}/setup`); // the credentials left the address bar before any question
  await screenshotsAtBothSizes(page, 'setup-replace-pin');
  await settings.enterPin('1111', 'Continue');
  await expect(settings.pinMessage).toContainText('Wrong PIN');
  await expect(page.getByTestId('setup-confirm')).toHaveCount(0);
  await settings.enterPin('2468', 'Continue');

  const confirm = page.getByTestId('setup-confirm');
  await expect(confirm).toContainText("It replaces this device's setup (First door) with:");
  await expect(confirm.locator('dd[data-changed="true"]')).toHaveText([`Second door (now: First door)`, `127.0.0.1:${new URL(APP_ORIGIN).port} (now: localhost:${new URL(APP_ORIGIN).port})`]);
  await expect(confirm).toContainText('Credentials');
  await expect(page.getByTestId('setup-confirm-waiting')).toHaveText('! 1 scan is waiting to send. They keep their door name and time, and are sent with the new setup to its server.');
  await expectNoSecret(page);
  await screenshotsAtBothSizes(page, 'setup-replace-confirm', { fullPage: true });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('setup-kept')).toContainText('Nothing was changed. This device is still First door.');
  await page.getByRole('button', { name: 'Back to scanning' }).click();
  await expect(page.getByTestId('device-name')).toHaveText('First door');
  await scan.expectWaiting(1);
  expect(await emulator.checkIns()).toEqual([]);

  await page.goto(replacing);
  await settings.enterPin('2468', 'Continue');
  await page.getByTestId('setup-confirm').getByRole('button', { name: 'Use this setup' }).click();
  await new SetupPage(page).expectDone('Second door');
  await expect(new SetupPage(page).serverCheck('tonic')).toHaveAttribute('data-status', 'ok');
  await new SetupPage(page).startScanning();
  await expect(page.getByTestId('device-name')).toHaveText('Second door');
  await scan.expectWaiting(0);
  // The waiting scan went with the new credentials, under the door name and time it was made with.
  expect((await emulator.checkIns()).map((entry) => [entry.ticket_id, entry.device_name, entry.result])).toEqual([[ticket, 'First door', 'success']]);
});

async function expectNoSecret(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  for (const secret of ['expired-token', 'demo-token', 'demo-rsu-secret', 'demo-rsu-key']) expect(text).not.toContain(secret);
}
