// Check-out and re-entry, the problems list staff work through, and moving scans to another device by file.
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { demoTickets } from '../server/demoData.ts';
import { failCamera } from './support/cameraProbe.ts';
import { runOnDay } from './support/clock.ts';
import { Emulator } from './support/emulator.ts';
import { screenshotsAtBothSizes } from './support/screenSizes.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ActivityPage } from './pages/ActivityPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const tickets = demoTickets().filter((ticket) => !ticket.cancelled && !/^\d+$/.test(ticket.ticketId)).slice(20);

// Activity shows the event's occurrences for the page's today, as the server lists them for its own: one chosen day.
test.beforeEach(async ({ page, request }) => {
  await new Emulator(request).reset();
  await runOnDay(page, request);
});

async function openDesk(page: Page, deviceName: string): Promise<ScanPage> {
  await failCamera(page, 'NotFoundError'); // a desk with a keyboard: only typed scans in play
  const setup = new SetupPage(page);
  await setup.open(setupLinkFor(deviceName));
  await setup.expectDone(deviceName);
  await setup.startScanning();
  return new ScanPage(page);
}

async function typeTicket(page: Page, id: string, action: 'Check in' | 'Check out' = 'Check in'): Promise<void> {
  await page.getByLabel('Type a reference or ticket number').fill(id);
  await page.getByRole('button', { name: action, exact: true }).click();
}

test('a guest checks out and back in; Tonic gets in, out, in', async ({ page, request }) => {
  const scan = await openDesk(page, 'Cloakroom');
  const guest = tickets[0]!;
  await typeTicket(page, guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, verdict: 'admitted', state: 'confirmed' })).toHaveCount(1);

  await page.getByRole('radio', { name: 'Out' }).click();
  await expect(page.getByText('Checking guests OUT')).toBeVisible();
  await typeTicket(page, guest.ticketId, 'Check out');
  await expect(scan.verdict).toContainText('Checked out');
  await expect(scan.recentScan({ ticket: guest.ticketId, verdict: 'checkedOut', state: 'confirmed' })).toHaveCount(1);
  await page.screenshot({ path: 'e2e/.artifacts/screens/scan-checked-out.png' });

  await page.getByRole('radio', { name: 'In' }).click();
  await typeTicket(page, guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, verdict: 'admitted', state: 'confirmed' })).toHaveCount(2);

  const emulator = new Emulator(request);
  expect((await emulator.checkIns()).map((entry) => [entry.ticket_id, entry.result])).toEqual([
    [guest.ticketId, 'success'],
    [guest.ticketId, 'success'],
  ]);
  const outs = (await (await request.get('/__control/checkouts')).json()) as { checkouts: Array<{ ticket_id: string }> };
  expect(outs.checkouts.map((entry) => entry.ticket_id)).toEqual([guest.ticketId]);
});

test('a ticket the server does not know waits in Activity until someone handles it', async ({ page }) => {
  const scan = await openDesk(page, 'Box office');
  await typeTicket(page, '987654321');
  await expect(scan.recentScan({ ticket: '987654321', state: 'rejected' })).toHaveCount(1);
  await scan.openScreen('Activity');
  const activity = new ActivityPage(page);
  await activity.expectShown();
  await expect(activity.occurrence).toHaveCount(2); // fetched from Tonic after the sync pass
  await expect(activity.occurrences).toContainText(/\d+ sold of \d+/);
  const problem = activity.scan('987654321');
  await expect(problem).toContainText('Admitted, then refused');
  await expect(problem).toContainText('Server refused: Unknown ticket');
  await page.screenshot({ path: 'e2e/.artifacts/screens/activity-problems.png' });
  await activity.markHandled('987654321');
  await expect(activity.nothingNeedsAttention).toBeVisible();
  await activity.showAllScans();
  await expect(activity.scans).toHaveCount(1);
  await activity.backToScanning();
  await expect(page.getByLabel('Type a reference or ticket number')).toBeVisible();
});

test('a note on a guest\'s booking written offline reaches Tonic when the device is back online', async ({ page, context, request }) => {
  const scan = await openDesk(page, 'Host stand');
  const guest = tickets[4]!;
  await typeTicket(page, guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  await context.setOffline(true);
  await scan.openScreen('Activity');
  const activity = new ActivityPage(page);
  await activity.showAllScans();
  await activity.addBookingNote(guest.guestName, 'Needs step-free access');
  const note = activity.bookingNote;
  await expect(note).toHaveAttribute('data-state', 'queued');
  await expect(note).toContainText('waiting to send');
  await page.screenshot({ path: 'e2e/.artifacts/screens/activity-booking-note.png', fullPage: true });
  await context.setOffline(false);
  await expect(note).toHaveAttribute('data-state', 'confirmed');
  const purchaseId = guest.ticketId.split('.')[0];
  const log = (await (await request.get('/__control/requests')).json()) as { requests: Array<{ method: string; path: string; status: number | null }> };
  expect(log.requests.filter((entry) => entry.method === 'PATCH')).toEqual([{ method: 'PATCH', path: `/tonic/purchases/${purchaseId}`, status: 200, answeredAt: expect.any(String) }]);
});

test('scans from a phone that never gets back online reach the server through an export, once', async ({ browser, request }, testInfo) => {
  const emulator = new Emulator(request);
  const phoneContext = await browser.newContext({ permissions: ['camera'] });
  const phone = await phoneContext.newPage();
  const phoneScan = await openDesk(phone, 'Lost phone');
  await phoneContext.setOffline(true);
  for (const guest of tickets.slice(1, 3)) await typeTicket(phone, guest.ticketId);
  await phoneScan.expectWaiting(2);
  await phoneScan.openScreen('Activity');
  const file = await new ActivityPage(phone).exportJson();
  expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ format: 'doorlist-scans', deviceName: 'Lost phone' });

  const tabletContext = await browser.newContext({ permissions: ['camera'] });
  const tablet = await tabletContext.newPage();
  await (await openDesk(tablet, 'Kiosk 2')).openScreen('Activity');
  const activity = new ActivityPage(tablet);
  await activity.importScans(file);
  await expect(activity.importOutcome).toHaveText('Imported 2 scans from Lost phone (2 to send; 0 were already here).');
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => `${entry.ticket_id} ${entry.device_name}`).sort()).toEqual(
    tickets.slice(1, 3).map((guest) => `${guest.ticketId} Lost phone`).sort(),
  );
  await activity.importScans(file); // the same file twice adds nothing
  await expect(activity.importOutcome).toHaveText('Imported 0 scans from Lost phone (0 to send; 2 were already here).');
  await activity.importScans({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(activity.importOutcome).toContainText('This file cannot be imported');
  // One row the exporter never writes refuses the whole file: nothing of it is kept, and staff are told which row.
  const exported = JSON.parse(await readFile(file, 'utf8')) as { scans: Array<Record<string, unknown>> };
  exported.scans[1] = { ...exported.scans[1], onClick: 'alert(1)' };
  await activity.importScans({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(activity.importOutcome).toHaveText('This file cannot be imported: scan 2 has a field this app does not know (onClick). Nothing was changed.');
  // A file too big to be an export is refused from its size, before it is read (a sparse file: nothing is written to disk).
  const huge = testInfo.outputPath('huge-export.json');
  await writeFile(huge, '');
  await truncate(huge, 200_000_000);
  await activity.importScans(huge);
  await expect(activity.importOutcome).toHaveText('This file is 200 MB: too big to be a Doorlist export (the largest taken is 160 MB, over 100,000 scans). Nothing was changed.');
  await activity.importOutcome.scrollIntoViewIfNeeded();
  await screenshotsAtBothSizes(tablet, 'activity-import-too-big', { fullPage: true });
  expect(await emulator.checkIns()).toHaveLength(2);
  await phoneContext.close();
  await tabletContext.close();
});
