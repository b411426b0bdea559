// Settings end to end: editing the setup (and what reaches Tonic), feedback switches, the kiosk PIN, the setup QR both ways.
import { expect, test } from '@playwright/test';
import { DEMO_EVENT_ID } from '../server/demoData.ts';
import { DEMO_GATEWAY_DEVICE_TOKEN } from '../server/demoGateway.ts';
import { gatewaySetupLink } from '../server/gateway/devices.ts';
import { buildSetupLink, parseSetupFragment } from '../src/contracts/setupLink.ts';
import { seriousAxeFindings } from './support/axeFindings.ts';
import { stubBarcodeDetector } from './support/cameraProbe.ts';
import { storedScans } from './support/deviceDb.ts';
import { checkInByHand, openDoor, plainTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { screenshotsAtBothSizes } from './support/screenSizes.ts';
import { API_ORIGIN, APP_ORIGIN, deviceConfig, setupLinkFor } from './support/setupLinks.ts';
import { NotSetUpPage } from './pages/NotSetUpPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const SECRETS = ['demo-token', 'demo-rsu-key', 'demo-rsu-secret'];
const guests = plainTickets.slice(60);

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});

async function expectNoSecretOnPage(settings: SettingsPage): Promise<void> {
  const everything = await settings.everythingOnThePage();
  for (const secret of SECRETS) expect(everything, `"${secret}" is nowhere in the page`).not.toContain(secret);
}

test('a new device name shows in the top bar and reaches Tonic; a bad address is refused and changes nothing; credentials never show in full', async ({ page, request }) => {
  const scan = await openDoor(page, 'Settings door');
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await settings.expectShown();
  await expect(settings.field('Device name')).toHaveValue('Settings door');
  await expect(settings.field('Tonic token')).toHaveValue('');
  await expect(page.getByText('Now ••••••ken. Leave blank to keep it.')).toBeVisible();
  await expectNoSecretOnPage(settings);
  await screenshotsAtBothSizes(page, 'settings', { fullPage: true });

  await settings.field('Device name').fill('Should not stick');
  await settings.field('Tonic address').fill('tonic.example.com/api');
  await settings.field('Scans per request').fill('900');
  await settings.save();
  await expect(settings.fieldError('Tonic address')).toContainText('Tonic address is not a web address (e.g. https://tickets.example.com/api).');
  await expect(settings.fieldError('Scans per request')).toContainText('Scans per request must be from 1 to 500.');
  await expect(settings.field('Tonic address')).toHaveAttribute('aria-invalid', 'true');
  await expect(settings.outcome).toContainText('Not saved: 2 fields need fixing (marked ✕). Nothing was changed.');
  await expect(settings.fieldError('Device name')).toHaveCount(0);
  await expect(settings.field('Tonic address')).toBeFocused(); // the first field to fix, not the bottom of the form
  await screenshotsAtBothSizes(page, 'settings-errors', { fullPage: true });
  await settings.back();
  await expect(page.getByTestId('device-name')).toHaveText('Settings door');

  await scan.openScreen('Settings');
  await expect(settings.field('Device name')).toHaveValue('Settings door');
  await expect(settings.field('Tonic address')).toHaveValue(`${API_ORIGIN}/tonic`);
  await expect(settings.field('Scans per request')).toHaveValue('500');
  await settings.field('Device name').fill('Renamed door');
  await settings.save();
  await expect(settings.outcome).toContainText('Saved.');
  await expectNoSecretOnPage(settings);
  await settings.back();
  await expect(page.getByTestId('device-name')).toHaveText('Renamed door');

  const guest = guests[0]!;
  await checkInByHand(page, guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  expect((await new Emulator(request).checkIns()).map((entry) => [entry.ticket_id, entry.device_name, entry.result])).toEqual([[guest.ticketId, 'Renamed door', 'success']]);
});

test('a token typed in Settings resumes a sync paused on 401; the waiting scan is sent once', async ({ page, request }) => {
  const expired = deviceConfig('Token door');
  expired.tonic.token = 'expired-token';
  const scan = await openDoor(page, 'Token door', buildSetupLink(APP_ORIGIN, expired));
  const guest = guests[1]!;
  await checkInByHand(page, guest.ticketId);
  await expect(page.getByRole('alert').filter({ hasText: 'Sending is paused' })).toBeVisible();
  await scan.expectWaiting(1);

  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await settings.field('Tonic token').fill('demo-token');
  await settings.save();
  await expect(settings.outcome).toContainText('Saved.');
  await expect(settings.field('Tonic token')).toHaveValue(''); // typed once, never shown back
  await expectNoSecretOnPage(settings);
  await settings.back();
  await scan.expectWaiting(0);
  expect((await new Emulator(request).checkIns()).map((entry) => [entry.ticket_id, entry.device_name, entry.result])).toEqual([[guest.ticketId, 'Token door', 'success']]);
});

test('the guest list stays current for the minutes set here; out of range is refused in words; going back to the default puts its minutes back in the field', async ({ page }) => {
  const scan = await openDoor(page, 'List age door');
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  const label = 'A guest list is current for (minutes)';
  const minutes = settings.field(label);
  await expect(minutes).toHaveValue('240');
  await minutes.fill('0');
  await minutes.press('Enter');
  await expect(settings.fieldError(label)).toBeVisible();
  await minutes.fill('90');
  await minutes.press('Tab');
  await expect(settings.fieldError(label)).toHaveCount(0);
  await expect(page.getByTestId('settings-guest-list-reset')).toBeVisible();
  await page.reload();
  await settings.expectShown();
  await expect(settings.field(label)).toHaveValue('90');
  await settings.field(label).fill('99999');
  await settings.field(label).press('Enter');
  await expect(settings.fieldError(label)).toBeVisible();
  await page.getByTestId('settings-guest-list-reset').click();
  await expect(settings.field(label)).toHaveValue('240');
  await expect(settings.fieldError(label)).toHaveCount(0);
  await expect(page.getByTestId('settings-guest-list-reset')).toHaveCount(0);
});

test('sound, vibration and verify-online-first stay as set after a reload; a wait out of range is refused in words', async ({ page }) => {
  const scan = await openDoor(page, 'Feedback door');
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await expect(settings.switch('Sound')).toBeChecked();
  await expect(settings.switch('Vibration')).toBeChecked();
  await expect(settings.switch('Verify online first')).not.toBeChecked();
  await settings.switch('Sound').click();
  await settings.switch('Vibration').click();
  await settings.switch('Verify online first').click();
  const wait = settings.field('Longest wait for the server (ms)');
  await expect(wait).toHaveValue('1500');
  await wait.fill('50');
  await wait.press('Enter');
  await expect(settings.fieldError('Longest wait for the server (ms)')).toContainText('The wait must be from 200 to 10,000 ms.');
  await wait.fill('2500');
  await wait.press('Tab');
  await expect(settings.fieldError('Longest wait for the server (ms)')).toHaveCount(0);

  await page.reload();
  await settings.expectShown();
  await expect(settings.switch('Sound')).not.toBeChecked();
  await expect(settings.switch('Vibration')).not.toBeChecked();
  await expect(settings.switch('Verify online first')).toBeChecked();
  await expect(settings.field('Longest wait for the server (ms)')).toHaveValue('2500');
  await expect(page.locator('.switch-field').filter({ has: settings.switch('Sound') })).toContainText('Off');
});

test('the setup QR needs a PIN; wrong PINs count down, then lock for 30 s, then 1 minute, also after a reload; another camera reads this setup under the next name', async ({ page }) => {
  await page.clock.install();
  const scan = await openDoor(page, 'Clone door 1');
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);

  await page.getByRole('button', { name: 'Show setup QR' }).click();
  await expect(page.getByTestId('setup-qr-needs-pin')).toContainText('Set a kiosk PIN first');
  await expect(settings.setupQr).toHaveCount(0);

  await page.getByRole('button', { name: 'Set a PIN' }).click();
  await settings.field('New PIN (4 to 8 digits)').fill('12');
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await expect(settings.fieldError('New PIN (4 to 8 digits)')).toContainText('The PIN is 4 to 8 digits.');
  await settings.field('New PIN (4 to 8 digits)').fill('2468');
  await settings.field('New PIN again').fill('2469');
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await expect(settings.fieldError('New PIN again')).toContainText('The two new PINs are not the same.');
  await settings.field('New PIN again').fill('2468');
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await expect(page.getByText('The kiosk PIN is set.')).toBeVisible();
  await expect(page.getByTestId('pin-state')).toContainText('A PIN is set.');

  await page.getByRole('button', { name: 'Show setup QR' }).click();
  for (let tries = 4; tries >= 1; tries -= 1) {
    await settings.enterPin('1111', 'Show setup QR');
    await expect(settings.pinMessage).toHaveText(`✕ Wrong PIN. ${tries} ${tries === 1 ? 'try' : 'tries'} left before a wait of 30 seconds.`);
  }
  await settings.enterPinOnKeypad('1357', 'Show setup QR');
  const longer = 'The wait doubles each time, up to 15 minutes, until the right PIN is entered.';
  await expect(settings.pinMessage).toContainText(`Too many wrong PINs. Try again in 30 seconds. ${longer}`);
  await expect(settings.pinPad.getByRole('button', { name: '2', exact: true })).toBeDisabled();
  await expect(settings.pinPad.locator('input')).toBeDisabled();
  await expect(settings.setupQr).toHaveCount(0);
  await settings.pinPad.scrollIntoViewIfNeeded();
  await screenshotsAtBothSizes(page, 'settings-pin-locked', { fullPage: true });

  await page.reload(); // a reload is not five more tries
  await page.getByRole('button', { name: 'Show setup QR' }).click();
  await expect(settings.pinMessage).toContainText(/Too many wrong PINs\. Try again in \d+ seconds\./);
  await page.clock.fastForward(31_000);
  await expect(settings.pinMessage).toHaveCount(0);

  // Five more wrong PINs: the second wait is twice as long, and a reload keeps that too.
  for (let tries = 4; tries >= 1; tries -= 1) {
    await settings.enterPin('1111', 'Show setup QR');
    await expect(settings.pinMessage).toHaveText(`✕ Wrong PIN. ${tries} ${tries === 1 ? 'try' : 'tries'} left before a wait of 1 minute.`);
  }
  await settings.enterPin('1111', 'Show setup QR');
  await expect(settings.pinMessage).toContainText(`Too many wrong PINs. Try again in 1 minute. ${longer}`);
  await page.reload();
  await page.getByRole('button', { name: 'Show setup QR' }).click();
  await expect(settings.pinMessage).toContainText(/Too many wrong PINs\. Try again in (1 minute|\d+ seconds)\./);
  await page.clock.fastForward(31_000);
  await expect(settings.pinMessage).toContainText(/Too many wrong PINs\. Try again in \d+ seconds\./);
  await page.clock.fastForward(30_000);
  await expect(settings.pinMessage).toHaveCount(0);
  await settings.enterPinOnKeypad('2468', 'Show setup QR');

  await expect(settings.setupQr).toContainText('Clone door 2');
  await expect(settings.setupQr.getByRole('img', { name: 'Setup QR code for Clone door 2' })).toBeVisible();
  await expectNoSecretOnPage(settings);
  const read = await settings.readSetupQr();
  expect(read.startsWith(`${APP_ORIGIN}/setup#config=`)).toBe(true);
  expect(parseSetupFragment(new URL(read).hash)).toEqual({ ok: true, config: { ...deviceConfig('Clone door 1'), deviceName: 'Clone door 2' } });
  await settings.setupQr.scrollIntoViewIfNeeded();
  await screenshotsAtBothSizes(page, 'settings-setup-qr', { fullPage: true });

  await settings.field('Name for the new device').fill('');
  await expect(settings.fieldError('Name for the new device')).toContainText("The new device's name is empty.");
  await expect(settings.setupQr).toHaveCount(0);
  await settings.field('Name for the new device').fill('Bar 3');
  await expect(settings.setupQr).toContainText('Bar 3');
  const renamed = parseSetupFragment(new URL(await settings.readSetupQr()).hash);
  expect(renamed.ok && renamed.config.deviceName).toBe('Bar 3');
  await page.getByRole('button', { name: 'Hide setup QR' }).click();
  await expect(settings.setupQr).toHaveCount(0);
});

test('a gateway door never shows its device token as a setup QR: it gives the organiser the line that enrols the next door', async ({ page }) => {
  const link = gatewaySetupLink(APP_ORIGIN, 'Gateway door 1', DEMO_GATEWAY_DEVICE_TOKEN, {
    venueTimeZone: 'Europe/London',
    source: 'doorlist',
    tonic: { eventId: DEMO_EVENT_ID },
    runsignup: { ticketEventId: 123 },
  } as Parameters<typeof gatewaySetupLink>[3]);
  const scan = await openDoor(page, 'Gateway door 1', link);
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await settings.setPin('2468'); // even with a PIN, there is nothing to unlock

  const clone = page.locator('section', { has: page.getByRole('heading', { name: 'Clone this setup' }) });
  await expect(page.getByTestId('clone-needs-organiser')).toContainText('Each new door needs its own setup link from the organiser');
  await expect(clone.getByRole('button', { name: 'Show setup QR' })).toHaveCount(0);
  await expect(page.getByTestId('enrol-command')).toHaveText('npm run device:add -- --name "Gateway door 2"');
  await settings.field('Name for the new device').fill('Side gate');
  await expect(page.getByTestId('enrol-command')).toHaveText('npm run device:add -- --name "Side gate"');
  await settings.field('Name for the new device').fill('');
  await expect(settings.fieldError('Name for the new device')).toContainText("The new device's name is empty.");
  await expect(page.getByTestId('enrol-command')).toHaveCount(0);
  await settings.field('Name for the new device').fill('Gateway door 2');
  await expect(settings.setupQr).toHaveCount(0);
  expect(await settings.everythingOnThePage()).not.toContain(DEMO_GATEWAY_DEVICE_TOKEN);
  expect(await seriousAxeFindings(page)).toEqual([]);
  await clone.scrollIntoViewIfNeeded();
  await screenshotsAtBothSizes(page, 'settings-clone-gateway', { fullPage: true });
  // A long name wraps inside the box on a phone, the command still reading as one line of text.
  await page.setViewportSize({ width: 360, height: 640 });
  await settings.field('Name for the new device').fill('Accessible entrance by the east car park 2');
  await expect(page.getByTestId('enrol-command')).toHaveText('npm run device:add -- --name "Accessible entrance by the east car park 2"');
  const box = await page.getByTestId('enrol-command').evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
  expect(box.scroll).toBeLessThanOrEqual(box.client);
  await clone.screenshot({ path: 'e2e/.artifacts/screens/settings-clone-gateway-long-name-phone.png' });

  // Taking another device's setup still works here (the organiser's link for this door, say).
  await clone.getByRole('button', { name: "Set up from another device's QR" }).click();
  await expect(page.getByTestId('enrol-command')).toHaveCount(0);
});

test('a new device set up from a setup QR held to its camera: staff see what it sets, never the secrets; at the door the code is "not a ticket"', async ({ page, request }) => {
  await stubBarcodeDetector(page, setupLinkFor('QR door'));
  const fresh = new NotSetUpPage(page);
  await fresh.open();
  await screenshotsAtBothSizes(page, 'not-set-up', { fullPage: true });
  await fresh.scanSetupQr();
  await expect(fresh.found).toContainText('It will set this device up as:');
  await expect(fresh.found).toContainText('QR door');
  await expect(fresh.found).toContainText('60001c4569308525d873cbd7');
  await expect(fresh.found).toContainText(new URL(API_ORIGIN).host);
  await expect(fresh.found).toContainText('ticket event 123');
  const everything = await page.content();
  for (const secret of SECRETS) expect(everything).not.toContain(secret);
  await screenshotsAtBothSizes(page, 'setup-qr-found', { fullPage: true });
  await fresh.useThisSetup();

  const scan = new ScanPage(page);
  await expect(page.getByTestId('device-name')).toHaveText('QR door');
  // The scan screen's camera sees the same code: never a check-in.
  await expect(scan.verdict).toContainText('Not a ticket');
  await expect(scan.verdict).toContainText('This is a setup code: open Settings to use it.');
  await expect(scan.recentScan({ verdict: 'notATicket' }).first()).toBeVisible();
  const stored = await storedScans(page);
  expect(stored.length).toBeGreaterThan(0);
  expect(stored.every((row) => row.verdict.kind === 'notATicket' && row.state === 'local' && row.ticketId === null)).toBe(true);
  expect(await new Emulator(request).checkIns()).toEqual([]);
});

test('a set-up device takes another device\'s setup QR from Settings, after confirming what it replaces', async ({ page }) => {
  await stubBarcodeDetector(page, setupLinkFor('Replacement door'));
  const setup = new SetupPage(page);
  await setup.open(setupLinkFor('First door'));
  await setup.expectDone('First door');
  await setup.startScanning();
  const scan = new ScanPage(page);
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await page.getByRole('button', { name: "Set up from another device's QR" }).click();
  const found = page.getByTestId('setup-qr-found');
  await expect(found).toContainText("It replaces this device's setup (First door) with:");
  await expect(found).toContainText('Replacement door');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(found).toHaveCount(0);
  await expect(settings.field('Device name')).toHaveValue('First door');

  await page.getByRole('button', { name: "Set up from another device's QR" }).click();
  await page.getByRole('button', { name: 'Use this setup' }).click();
  await expect(page.getByText('This device is now set up as Replacement door.')).toBeVisible();
  await expect(settings.field('Device name')).toHaveValue('Replacement door');
  await settings.back();
  await expect(page.getByTestId('device-name')).toHaveText('Replacement door');
});

test('a damaged setup QR explains itself and changes nothing', async ({ page }) => {
  await stubBarcodeDetector(page, `${APP_ORIGIN}/setup#config=not-base64!`);
  const fresh = new NotSetUpPage(page);
  await fresh.open();
  await fresh.scanSetupQr();
  await expect(page.getByTestId('setup-qr-note')).toContainText('This setup code is damaged: its configuration is not valid base64url. Nothing was changed.');
  await expect(fresh.found).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(fresh.notice).toContainText('This device is not set up yet');
});
