// Background Sync: scans made offline reach the server after the app is closed, sent by the service worker when the
// browser sees the network again. Chromium fires the `sync` event when its own network comes back; the test fires it
// over CDP (ServiceWorker.dispatchSyncEvent), the same event the browser dispatches.
import { expect, test, type Page } from '@playwright/test';
import { DOOR_TICKETS } from './fixtures/doorVideo.ts';
import { storedScans } from './support/deviceDb.ts';
import { Emulator } from './support/emulator.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const OUTBOX_SYNC_TAG = 'doorlist-outbox';

/** Fires the outbox's Background Sync event at the app's service worker, from any page of the same origin. */
async function fireSyncEvent(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const live = registrations.find((registration) => !registration.isDeleted && registration.scopeURL.startsWith(origin));
      if (live) resolve(live.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: await registrationId, tag: OUTBOX_SYNC_TAG, lastChance: false });
  await cdp.detach();
}

test('scans made offline are sent by the service worker after the app was closed', async ({ page, context, request }) => {
  const emulator = new Emulator(request);
  await emulator.reset();
  const setup = new SetupPage(page);
  const scan = new ScanPage(page);
  const workerLog: string[] = [];
  context.on('console', (message) => workerLog.push(message.text()));

  await setup.open(setupLinkFor('E2E background door'));
  await setup.expectDone('E2E background door');
  await setup.waitForOfflineReady();

  await context.setOffline(true);
  await setup.startScanning();
  for (const ticket of DOOR_TICKETS) await expect(scan.recentScan({ ticket, verdict: 'admitted' })).toHaveCount(1, { timeout: 30_000 });
  await scan.expectWaiting(3);

  // The steward closes the app in the basement. Back in range, a page of the site that runs no Doorlist engine is open
  // (the test needs a page to reach the browser's DevTools protocol from).
  await page.close();
  await context.setOffline(false);
  const other = await context.newPage();
  await other.goto('/demo/tickets');
  expect(await emulator.checkIns(), 'nothing can have been sent yet: no app page is open').toHaveLength(0);

  await fireSyncEvent(other);
  await expect.poll(async () => (await emulator.checkIns()).map((checkIn) => checkIn.ticket_id).sort(), { timeout: 30_000 }).toEqual([...DOOR_TICKETS].sort());
  const received = await emulator.checkIns();
  expect(received.every((checkIn) => checkIn.device_name === 'E2E background door')).toBe(true);

  // Reopened, the app shows them sent, and sends nothing twice.
  const reopened = await context.newPage();
  const again = new ScanPage(reopened);
  await reopened.goto('/');
  await again.expectWaiting(0);
  await expect.poll(async () => (await storedScans(reopened)).map((row) => row.state)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  expect(await emulator.checkIns()).toHaveLength(3);
  expect(workerLog.some((line) => line.includes('[doorlist sw] background sync: drained'))).toBe(true);
});
