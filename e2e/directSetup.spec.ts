// A direct setup (Tonic and RunSignup on another origin than the app) under `npm start`'s server, started here as
// `npm start` starts it: without DOORLIST_CONNECT_SRC the app's own CSP blocks every request, and the setup screen, the
// scan screen, Activity and the pre-doors check say so by origin; with it, the scans are sent and confirmed.
import { expect, test, type Page } from '@playwright/test';
import { buildSetupLink } from '../src/contracts/setupLink.ts';
import { failCamera } from './support/cameraProbe.ts';
import { checkInByHand, plainTickets } from './support/doorSession.ts';
import { storedScans } from './support/deviceDb.ts';
import { startDemoServerProcess, type DemoServerProcess } from './support/demoServerProcess.ts';
import { Emulator } from './support/emulator.ts';
import { screenshotsAtBothSizes } from './support/screenSizes.ts';
import { API_ORIGIN, deviceConfig } from './support/setupLinks.ts';
import { PreDoorsPage } from './pages/PreDoorsPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const BLOCKED_WORDS = `This app's server does not allow connections to ${API_ORIGIN}. Ask the organiser for a gateway setup link.`;
const guests = plainTickets.slice(120, 124);

let server: DemoServerProcess | null = null;

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});
test.afterEach(async () => {
  await server?.close();
  server = null;
});

/** Camera off (typed check-ins only: the test decides which and when), then set up directly against the emulator's APIs. */
async function openDirectSetup(page: Page, appOrigin: string, deviceName: string): Promise<SetupPage> {
  await failCamera(page, 'NotFoundError');
  await page.goto(buildSetupLink(appOrigin, deviceConfig(deviceName)));
  const setup = new SetupPage(page);
  await setup.expectDone(deviceName);
  return setup;
}

test('without DOORLIST_CONNECT_SRC a direct setup is blocked, and every screen names the origin; nothing is sent', async ({ page, request }) => {
  server = await startDemoServerProcess({ DOORLIST_CONNECT_SRC: '' });
  // The APIs (the Playwright server's emulator, at localhost) are another origin than this app (127.0.0.1, another port).
  const setup = await openDirectSetup(page, server.origin, 'Direct door');
  await expect(setup.serverCheck('tonic')).toHaveAttribute('data-status', 'bad');
  await expect(setup.serverCheck('tonic')).toContainText("Tonic blocked by this app's server");
  await expect(setup.serverCheck('tonic')).toContainText(BLOCKED_WORDS);
  await expect(setup.serverCheck('runsignup')).toContainText("RunSignup blocked by this app's server");
  await expect(page.getByTestId('setup-server-hint')).toContainText('The setup is saved all the same');
  await screenshotsAtBothSizes(page, 'setup-direct-blocked', { fullPage: true });

  await setup.startScanning();
  const scan = new ScanPage(page);
  await checkInByHand(page, guests[0]!.ticketId);
  await expect(scan.recentScan({ ticket: guests[0]!.ticketId, verdict: 'admitted' })).toHaveCount(1);
  await expect(scan.network).toHaveText('Blocked');
  await expect(scan.syncState).toHaveAttribute('data-tone', 'bad');
  await scan.expectWaiting(1);
  const banner = page.getByTestId('connection-blocked');
  await expect(banner).toContainText('Scans cannot be sent.');
  await expect(banner).toContainText(BLOCKED_WORDS);
  await expect(scan.recentScan({ ticket: guests[0]!.ticketId })).toContainText("Waiting to send: this app's server blocks the connection");
  await screenshotsAtBothSizes(page, 'scan-direct-blocked');

  // A new page runs under the policy its server sends now: the block is tried afresh and named again from the first send.
  await page.reload();
  await checkInByHand(page, guests[1]!.ticketId);
  await expect(banner).toContainText(BLOCKED_WORDS);
  await scan.expectWaiting(2);
  // This time a send ran into the block (the setup screen's probe had found it before): told apart from a dropped
  // network, it spent no attempt, so earned no wait.
  await expect.poll(async () => (await storedScans(page)).map((row) => [row.state, row.attempts])).toEqual([['queued', 0], ['queued', 0]]);

  await scan.openScreen('Activity');
  await expect(page.getByTestId('connection-blocked')).toContainText(BLOCKED_WORDS);
  await page.getByRole('tab', { name: 'All scans' }).click();
  await expect(page.getByTestId('activity-scan').first()).toContainText("Waiting to send: this app's server blocks the connection");
  await screenshotsAtBothSizes(page, 'activity-direct-blocked');
  await page.getByRole('button', { name: 'Back to scanning' }).click();

  await scan.openScreen('Pre-doors check');
  const check = new PreDoorsPage(page);
  await check.waitForAnswers();
  await check.expectRow('tonic', 'bad', "Tonic blocked by this app's server");
  await check.expectRow('tonic', 'bad', BLOCKED_WORDS);
  await check.expectRow('runsignup', 'bad', "RunSignup blocked by this app's server");
  await screenshotsAtBothSizes(page, 'predoors-direct-blocked', { fullPage: true });

  expect(await new Emulator(request).checkIns()).toEqual([]);
});

test('with DOORLIST_CONNECT_SRC naming the APIs\' origin, the same direct setup sends its scans and they are confirmed', async ({ page, request }) => {
  server = await startDemoServerProcess({ DOORLIST_CONNECT_SRC: API_ORIGIN });
  const setup = await openDirectSetup(page, server.origin, 'Allowed door');
  await expect(setup.serverCheck('tonic')).toHaveAttribute('data-status', 'ok');
  await expect(setup.serverCheck('tonic')).toContainText('Tonic accepts this device');
  await expect(setup.serverCheck('runsignup')).toHaveAttribute('data-status', 'ok');
  await screenshotsAtBothSizes(page, 'setup-direct-allowed', { fullPage: true });

  await setup.startScanning();
  const scan = new ScanPage(page);
  for (const guest of guests.slice(2)) await checkInByHand(page, guest.ticketId);
  for (const guest of guests.slice(2)) await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  await scan.expectWaiting(0);
  await expect(page.getByTestId('connection-blocked')).toHaveCount(0);
  await expect(scan.network).toHaveText('Online');
  const received = await new Emulator(request).checkIns();
  expect(received.map((entry) => [entry.ticket_id, entry.device_name, entry.result]).sort()).toEqual(guests.slice(2).map((guest) => [guest.ticketId, 'Allowed door', 'success']).sort());
});

test('blocked, then the server restarted with DOORLIST_CONNECT_SRC on the same address: the banner offers to reopen the app, and then the scans go', async ({ page, request }) => {
  // The system picks the port (no window between choosing it and binding it); the restart takes the same one back.
  server = await startDemoServerProcess({ DOORLIST_CONNECT_SRC: '' });
  const port = Number(new URL(server.origin).port);
  const setup = await openDirectSetup(page, server.origin, 'Restarted door');
  await setup.waitForOfflineReady(); // the shell is cached by the service worker, with the policy it came with
  await setup.startScanning();
  const scan = new ScanPage(page);
  const ticket = guests[0]!.ticketId;
  await checkInByHand(page, ticket);
  const banner = page.getByTestId('connection-blocked');
  await expect(banner).toContainText(BLOCKED_WORDS);

  await server.close();
  server = await restartOnPort({ DOORLIST_CONNECT_SRC: API_ORIGIN }, port);
  // The page opened from the cached shell still runs under the old policy; the worker takes the server's new one.
  await page.reload();
  await expect(page.getByTestId('connection-blocked-reopen')).toContainText("The app's server has changed what it allows since this page opened.");
  await screenshotsAtBothSizes(page, 'scan-direct-reopen');
  await page.getByRole('button', { name: 'Reopen the app' }).click();
  await expect(scan.recentScan({ ticket, state: 'confirmed' })).toHaveCount(1);
  await scan.expectWaiting(0);
  await expect(banner).toHaveCount(0);
  expect((await new Emulator(request).checkIns()).map((entry) => [entry.ticket_id, entry.device_name])).toEqual([[ticket, 'Restarted door']]);
});

/**
 * Starts the server again on the port the closed one had (the same origin). Another process on this shared machine may
 * take the port in between for a moment: a start refused with EADDRINUSE is tried again, a few times.
 */
async function restartOnPort(env: Record<string, string>, port: number): Promise<DemoServerProcess> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDemoServerProcess(env, port);
    } catch (error) {
      if (attempt >= 10 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}
