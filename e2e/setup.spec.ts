// Setup links: a good one configures the device; a damaged or incomplete one says why and changes nothing.
import { expect, test } from '@playwright/test';
import { encodeSetupConfig } from '../src/settings/setupLink.ts';
import { deviceConfig, setupLinkFor } from './support/setupLinks.ts';
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
