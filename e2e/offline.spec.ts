// Offline at the door: scans are decided and kept with no network, survive a reload from the service worker, and are sent on reconnect.
import { expect, test } from '@playwright/test';
import { DOOR_TICKETS } from './fixtures/doorVideo.ts';
import { storedScans } from './support/deviceDb.ts';
import { Emulator } from './support/emulator.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

test('offline scans are kept, the app reloads from the service worker, and they are sent when the network returns', async ({ page, context, request }) => {
  const emulator = new Emulator(request);
  await emulator.reset();
  const setup = new SetupPage(page);
  const scan = new ScanPage(page);

  await setup.open(setupLinkFor('E2E offline door'));
  await setup.expectDone('E2E offline door');
  await setup.waitForOfflineReady();

  await context.setOffline(true);
  await setup.startScanning();
  await expect(scan.network).toHaveText('Offline');
  for (const ticket of DOOR_TICKETS) await expect(scan.recentScan({ ticket, verdict: 'admitted' })).toHaveCount(1, { timeout: 30_000 });
  await scan.expectWaiting(3);
  expect(await emulator.checkIns()).toHaveLength(0);

  await page.reload(); // no network: the service worker serves the app
  await scan.expectCameraRunning();
  await scan.expectWaiting(3);
  expect((await storedScans(page)).filter((row) => row.state === 'queued')).toHaveLength(3);
  await page.screenshot({ path: 'e2e/.artifacts/screens/scan-offline.png' });

  await context.setOffline(false);
  await expect(scan.network).toHaveText('Online');
  await expect.poll(async () => (await emulator.checkIns()).map((checkIn) => checkIn.ticket_id).sort(), { timeout: 30_000 }).toEqual([...DOOR_TICKETS].sort());
  await scan.expectWaiting(0);
  expect(await emulator.checkIns()).toHaveLength(3);
});
