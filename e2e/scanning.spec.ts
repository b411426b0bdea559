// Scanning inputs beyond the camera's happy path: pause/resume without leaking tracks, camera failures with a way
// forward, a keyboard-wedge hardware scanner, typed references, and the native BarcodeDetector engine.
import { expect, test } from '@playwright/test';
import { demoTickets } from '../server/demoData.ts';
import { failCamera, liveCameraTracks, recordCameraStreams, stubBarcodeDetector } from './support/cameraProbe.ts';
import { Emulator } from './support/emulator.ts';
import { scannerTypes } from './support/wedgeScanner.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const spare = demoTickets().filter((ticket) => !ticket.cancelled && !/^627e095671209038d339a182/.test(ticket.ticketId) && !/^\d+$/.test(ticket.ticketId));

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});

async function openScanner(page: import('@playwright/test').Page, deviceName: string) {
  const setup = new SetupPage(page);
  await setup.open(setupLinkFor(deviceName));
  await setup.expectDone(deviceName);
  await setup.startScanning();
  return new ScanPage(page);
}

test('pausing and resuming the camera 50 times leaves no camera track running', async ({ page }) => {
  await recordCameraStreams(page);
  const scan = await openScanner(page, 'Track door');
  await scan.expectCameraRunning();
  for (let round = 0; round < 50; round += 1) {
    await page.getByRole('button', { name: 'Pause camera' }).click();
    await expect(page.getByRole('button', { name: 'Resume camera' })).toBeVisible();
    expect((await liveCameraTracks(page)).live).toBe(0);
    await page.getByRole('button', { name: 'Resume camera' }).click();
    await scan.expectCameraRunning();
    expect((await liveCameraTracks(page)).live).toBe(1);
  }
  await page.getByRole('button', { name: 'Pause camera' }).click();
  const tracks = await liveCameraTracks(page);
  expect(tracks.opened).toBe(51);
  expect(tracks.live).toBe(0);

  // a hidden page (another app in front, screen off) holds no camera; it comes back when shown
  await page.getByRole('button', { name: 'Resume camera' }).click();
  await scan.expectCameraRunning();
  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { value, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await setVisibility('hidden');
  await expect.poll(async () => (await liveCameraTracks(page)).live).toBe(0);
  await setVisibility('visible');
  await expect.poll(async () => (await liveCameraTracks(page)).live).toBe(1);
  await page.getByRole('button', { name: 'Pause camera' }).click();

  // leaving the scan screen for setup stops the camera too
  await page.getByRole('button', { name: 'Resume camera' }).click();
  await scan.expectCameraRunning();
  await page.evaluate(() => {
    window.history.pushState(null, '', '/setup');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
  await expect.poll(async () => (await liveCameraTracks(page)).live).toBe(0);
});

for (const [errorName, message, help] of [
  ['NotAllowedError', 'Camera permission was refused.', /Allow the camera for this site/],
  ['NotReadableError', 'The camera is in use by another app or tab.', /Close other apps or tabs/],
  ['NotFoundError', 'No camera was found on this device.', /use a hardware scanner/],
] as const) {
  test(`a camera that fails with ${errorName} says what to do, and typed references still work`, async ({ page }) => {
    await failCamera(page, errorName);
    const scan = await openScanner(page, 'No camera door');
    const problem = page.getByRole('alert').filter({ hasText: message });
    await expect(problem).toBeVisible();
    await expect(problem).toContainText(help);
    await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible();
    if (errorName === 'NotAllowedError') await page.screenshot({ path: 'e2e/.artifacts/screens/camera-denied.png' });
    const ticket = spare[0]!;
    await page.getByLabel('Type a reference or ticket number').fill(ticket.ticketId);
    await page.getByRole('button', { name: 'Check in' }).click();
    await expect(scan.recentScan({ ticket: ticket.ticketId, verdict: 'admitted' })).toHaveAttribute('data-input', 'manual');
  });
}

test('a keyboard-wedge scanner is read with no field focused; a person typing is not mistaken for one', async ({ page }) => {
  await failCamera(page, 'NotFoundError'); // only the keyboard in play
  const scan = await openScanner(page, 'Wedge door');
  await expect(page.getByRole('alert').filter({ hasText: 'No camera' })).toBeVisible();
  const [first, second, slow] = spare;

  await scannerTypes(page, first!.ticketId, { enter: true });
  await expect(scan.recentScan({ ticket: first!.ticketId, verdict: 'admitted' })).toHaveAttribute('data-input', 'keyboard');

  await scannerTypes(page, second!.ticketId); // a scanner set up with no Enter suffix
  await expect(scan.recentScan({ ticket: second!.ticketId, verdict: 'admitted' })).toHaveAttribute('data-input', 'keyboard');

  await page.keyboard.type(slow!.ticketId.slice(0, 12), { delay: 140 }); // a person at the keyboard
  await page.keyboard.press('Enter');
  await expect(scan.recentScan({})).toHaveCount(2);

  // Same ticket from the scanner again: "already in", from the device alone
  await scannerTypes(page, first!.ticketId, { enter: true });
  await expect(scan.recentScan({ ticket: first!.ticketId, verdict: 'alreadyIn' })).toHaveCount(1);
});

test('a typed booking reference finds a ticket the device knows; an unknown one says why', async ({ page }) => {
  await failCamera(page, 'NotFoundError');
  const scan = await openScanner(page, 'Desk door');
  const ticket = spare[3]!;
  await page.getByLabel('Type a reference or ticket number').fill(ticket.ticketId);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(scan.recentScan({ ticket: ticket.ticketId, state: 'confirmed' })).toHaveCount(1); // the server named the guest

  await page.getByLabel('Type a reference or ticket number').fill(ticket.reference.toLowerCase());
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(scan.verdict).toContainText('Already in');
  await expect(scan.verdict).toContainText(ticket.guestName);

  await page.getByLabel('Type a reference or ticket number').fill('DMN-1111111111-1');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(scan.verdict).toContainText('Not a ticket');
  await expect(scan.verdict).toContainText('not known on this device');
});

test('where the browser has a BarcodeDetector, the camera decodes with it', async ({ page }) => {
  const ticket = spare[5]!;
  await stubBarcodeDetector(page, ticket.ticketId);
  const scan = await openScanner(page, 'Native door');
  await expect(page.getByText(/barcode-detector/)).toBeVisible();
  await expect(scan.recentScan({ ticket: ticket.ticketId, verdict: 'admitted' })).toHaveCount(1);
});
