// A backlog draining is visible: a bar with how many are sent and about how long the rest takes, on Activity and on the
// scan screen, gone when the outbox is empty; and every scan reaches the server once.
import { expect, test } from '@playwright/test';
import { demoTickets } from '../server/demoData.ts';
import { buildSetupLink } from '../src/contracts/setupLink.ts';
import { failCamera } from './support/cameraProbe.ts';
import { Emulator } from './support/emulator.ts';
import { FaultControls } from './support/faultControls.ts';
import { offlineExportFile } from './support/scanExportFile.ts';
import { APP_ORIGIN, deviceConfig } from './support/setupLinks.ts';
import { ActivityPage } from './pages/ActivityPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const BACKLOG = 240;

/** What a phone that spent the evening offline exports: BACKLOG admitted scans, none sent. */
const offlinePhoneExport = (ticketIds: string[]): string =>
  offlineExportFile(
    'Basement phone',
    ticketIds.map((ticketId, index) => ({ ticketId, deviceName: 'Basement phone', at: new Date(Date.parse('2026-11-24T18:00:00Z') + index * 2_000) })),
  );

test('a backlog shows its progress while it drains, and every scan arrives once', async ({ page, request }) => {
  const emulator = new Emulator(request);
  const faults = new FaultControls(request);
  await emulator.reset();
  const ticketIds = demoTickets()
    .filter((ticket) => !ticket.cancelled)
    .slice(0, BACKLOG)
    .map((ticket) => ticket.ticketId);
  expect(ticketIds).toHaveLength(BACKLOG);

  await failCamera(page, 'NotFoundError'); // a desk: the camera plays no part here
  const setup = new SetupPage(page);
  await setup.open(buildSetupLink(APP_ORIGIN, { ...deviceConfig('Backlog desk'), sync: { batchSize: 10 } }));
  await setup.expectDone('Backlog desk');
  await setup.startScanning();
  const scan = new ScanPage(page);

  // 24 requests of 10 scans: the server answers two, then holds the third, so the backlog stays part-way while the test
  // reads and photographs it.
  await faults.holdCheckIns(2);
  try {
    await scan.openScreen('Activity');
    const activity = new ActivityPage(page);
    await activity.importScans({ name: 'basement.json', mimeType: 'application/json', buffer: Buffer.from(offlinePhoneExport(ticketIds)) });
    await expect(activity.importOutcome).toHaveText(`Imported ${BACKLOG} scans from Basement phone (${BACKLOG} to send; 0 were already here).`);

    const activityBar = activity.backlog;
    await expect(activityBar).toBeVisible();
    await expect(page.getByRole('progressbar', { name: /Sending the backlog/ })).toHaveAttribute('max', String(BACKLOG));
    await expect(activityBar).toHaveAttribute('data-sent', '20');
    await expect(activityBar).toContainText(/20 of 240 sent · about \d+ s left/);
    await page.screenshot({ path: 'e2e/.artifacts/screens/activity-backlog.png' });

    await activity.backToScanning();
    const scanBar = page.getByTestId('backlog-progress');
    await expect(scanBar).toBeVisible();
    await expect(scanBar, 'the same backlog on every screen, not a new one from what is left').toHaveAttribute('data-total', String(BACKLOG));
    await expect(scanBar).toHaveAttribute('data-sent', '20');
    await page.screenshot({ path: 'e2e/.artifacts/screens/scan-backlog.png' });
    // The held request and one more are answered, the next is held: the bar on this screen moves on with them.
    await faults.holdCheckIns(1);
    expect(await faults.release()).toBe(1);
    await expect(scanBar).toHaveAttribute('data-sent', '40');

    await faults.clear();
    await scan.expectWaiting(0);
    await expect(scanBar).toHaveCount(0);
  } finally {
    await faults.clear();
  }
  const received = await emulator.checkIns();
  expect(received).toHaveLength(BACKLOG);
  expect(new Set(received.map((checkIn) => checkIn.ticket_id))).toEqual(new Set(ticketIds));
});
