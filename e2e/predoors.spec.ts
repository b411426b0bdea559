// The pre-doors check against the demo backend: all green on a ready device, and red rows that say what to do (a refused
// Tonic token, no network, no camera, scans still waiting).
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { buildSetupLink } from '../src/contracts/setupLink.ts';
import { DOOR_TICKETS } from './fixtures/doorVideo.ts';
import { liveCameraTracks, recordCameraStreams } from './support/cameraProbe.ts';
import { checkInByHand, openDoor, plainTickets } from './support/doorSession.ts';
import { seriousAxeFindings } from './support/axeFindings.ts';
import { runOnDay } from './support/clock.ts';
import { Emulator } from './support/emulator.ts';
import { APP_ORIGIN, deviceConfig, deviceConfigWithList } from './support/setupLinks.ts';
import { ActivityPage } from './pages/ActivityPage.ts';
import { CHECK_IDS, PreDoorsPage } from './pages/PreDoorsPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const SCREENS = 'e2e/.artifacts/screens';

// The clock row compares the page's clock with the server's Date, and the event rows ask for the page's today:
// both sides on one chosen day (runOnDay), so neither a midnight nor a machine on another date moves them.
test.beforeEach(async ({ page, request }) => {
  await new Emulator(request).reset();
  await runOnDay(page, request);
});

/**
 * What an installed app gets: the browser promises to keep the site's storage. Headless Chromium never grants persist()
 * by its own heuristics (engagement, install, bookmarks), so the test grants it as those would, through DevTools.
 */
async function grantPersistentStorage(browser: Browser, context: BrowserContext, page: Page): Promise<void> {
  const { targetInfo } = await (await context.newCDPSession(page)).send('Target.getTargetInfo');
  const session = await browser.newBrowserCDPSession();
  // The session stays attached: Chromium drops a session's permission overrides when it detaches.
  await session.send('Browser.grantPermissions', { origin: APP_ORIGIN, permissions: ['durableStorage', 'videoCapture'], browserContextId: targetInfo.browserContextId });
}

test('every row is green against the demo server, with the fake camera', async ({ browser, context, page }) => {
  await grantPersistentStorage(browser, context, page);
  await recordCameraStreams(page);
  const setup = new SetupPage(page);
  await setup.open(buildSetupLink(APP_ORIGIN, deviceConfigWithList('Ready gate')));
  await setup.expectDone('Ready gate');
  await setup.startScanning();
  const scan = new ScanPage(page);
  await scan.expectCameraRunning();
  // The fake camera's video shows three tickets: once they are sent, nothing waits (their repeats are "already in").
  for (const ticket of DOOR_TICKETS) await expect(scan.recentScan({ ticket, state: 'confirmed' })).toHaveCount(1, { timeout: 30_000 });
  await scan.expectWaiting(0);
  const check = new PreDoorsPage(page);
  await check.waitForEventData(); // fetched from Tonic after the first sync pass
  await scan.openScreen('Pre-doors check');
  await check.waitForAnswers();
  for (const id of CHECK_IDS) await check.expectRow(id, 'ok');
  await expect(check.summary).toHaveText(/Ready for doors/);
  await check.expectRow('camera', 'ok', /Camera works.*640×480/);
  await check.expectRow('storage', 'ok', /Storage kept by the browser[\s\S]*MB free/);
  await check.expectRow('clock', 'ok', 'Clock agrees with the server');
  await check.expectRow('tonic', 'ok', 'Tonic accepts this device');
  await check.expectRow('runsignup', 'ok', 'RunSignup accepts this device');
  await check.expectRow('eventData', 'ok', /Event data from (just now|\d+ minutes? ago)/);
  await check.expectRow('guestList', 'ok', /Guest list: \d+ tickets, (under 1|\d+) min old/);
  await check.expectRow('waiting', 'ok', 'All scans sent');
  // The check let its camera go (and the scan screen had let go of its own): no track is left live.
  expect(await liveCameraTracks(page)).toEqual({ opened: 2, live: 0 });
  await page.getByRole('button', { name: 'Back to scanning' }).click();
  await scan.expectCameraRunning();
  await scan.openScreen('Pre-doors check');
  await check.waitForAnswers();
  await page.setViewportSize({ width: 360, height: 640 });
  await page.screenshot({ path: `${SCREENS}/predoors-ready-phone.png`, fullPage: true });
});

test('a refused Tonic token is red and says to ask for a new setup link', async ({ page }) => {
  const config = deviceConfig('Wrong token gate');
  const scan = await openDoor(page, 'Wrong token gate', buildSetupLink(APP_ORIGIN, { ...config, tonic: { ...config.tonic, token: 'not-the-token' } }));
  await scan.openScreen('Pre-doors check');
  const check = new PreDoorsPage(page);
  await check.waitForAnswers();
  await check.expectRow('tonic', 'bad', 'The Tonic token was refused: ask your organiser for a new setup link.');
  await check.expectRow('runsignup', 'ok');
  await check.expectRow('clock', 'ok'); // the refusal still carries the server's Date
  await expect(check.summary).toHaveAttribute('data-status', 'bad');
});

test('offline, with no camera and scans waiting: red and amber rows that say what to do', async ({ page, context }) => {
  const scan = await openDoor(page, 'Basement door'); // getUserMedia fails with NotFoundError
  await context.setOffline(true);
  for (const guest of plainTickets.slice(0, 2)) await checkInByHand(page, guest.ticketId);
  await scan.expectWaiting(2);
  await scan.openScreen('Pre-doors check');
  const check = new PreDoorsPage(page);
  await check.waitForAnswers();
  await check.expectRow('camera', 'bad', 'No camera: use a hardware scanner or typed references');
  await check.expectRow('tonic', 'bad', /Cannot reach Tonic \(localhost:\d+\): this device is offline/);
  await expect(check.row('tonic')).not.toContainText('refused');
  await check.expectRow('runsignup', 'bad', 'Cannot reach RunSignup');
  await check.expectRow('clock', 'unknown', 'Cannot reach the server to compare clocks');
  await check.expectRow('waiting', 'warn', '2 scans waiting to send');
  // A browser that will not promise to keep the storage (headless Chromium never does by itself): red, with Ask again.
  await check.expectRow('storage', 'bad', /Storage may be cleared[\s\S]*MB free/);
  await check.row('storage').getByRole('button', { name: 'Ask again' }).click();
  await check.waitForAnswers();
  await check.expectRow('storage', 'bad', 'Tap Ask again');
  await expect(check.summary).toHaveText(/Not ready: \d things to fix before doors/);
  await page.setViewportSize({ width: 360, height: 640 });
  await page.screenshot({ path: `${SCREENS}/predoors-phone.png` });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: `${SCREENS}/predoors-tablet.png` });
  expect(await seriousAxeFindings(page)).toEqual([]);

  await check.row('waiting').getByRole('button', { name: 'Open Activity' }).click();
  const activity = new ActivityPage(page);
  await activity.expectShown();
  await expect(activity.waiting).toHaveText('2');

  // Back online the scans go; checked again, the network rows and the outbox are green (the camera is still missing).
  await context.setOffline(false);
  await expect(activity.waiting).toHaveText('0');
  await activity.backToScanning();
  await scan.openScreen('Pre-doors check');
  await check.waitForAnswers();
  await check.expectRow('tonic', 'ok');
  await check.expectRow('runsignup', 'ok');
  await check.expectRow('clock', 'ok');
  await check.expectRow('waiting', 'ok', 'All scans sent');
  await check.expectRow('camera', 'bad');
  await check.checkAgain();
  await check.expectRow('tonic', 'ok');
});
