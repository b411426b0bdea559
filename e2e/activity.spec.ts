// Check-out and re-entry, the problems list staff work through, and moving scans to another device by file.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { demoTickets } from '../server/demoData.ts';
import { failCamera } from './support/cameraProbe.ts';
import { Emulator } from './support/emulator.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const tickets = demoTickets().filter((ticket) => !ticket.cancelled && !/^\d+$/.test(ticket.ticketId)).slice(20);

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
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
  await new ScanPage(page).openScreen('Activity');
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect(page.getByTestId('occurrence')).toHaveCount(2); // fetched from Tonic after the sync pass
  await expect(page.getByTestId('occurrences')).toContainText(/\d+ sold of \d+/);
  const problem = page.getByTestId('activity-scan').filter({ hasText: '987654321' });
  await expect(problem).toContainText('Admitted, then refused');
  await expect(problem).toContainText('Server refused: Unknown ticket');
  await page.screenshot({ path: 'e2e/.artifacts/screens/activity-problems.png' });
  await problem.getByRole('button', { name: 'Mark handled' }).click();
  await expect(page.getByText('Nothing needs attention.')).toBeVisible();
  await page.getByRole('tab', { name: 'All scans' }).click();
  await expect(page.getByTestId('activity-scan')).toHaveCount(1);
  await page.getByRole('button', { name: 'Back to scanning' }).click();
  await expect(page.getByLabel('Type a reference or ticket number')).toBeVisible();
});

test('a note on a guest\'s booking written offline reaches Tonic when the device is back online', async ({ page, context, request }) => {
  const scan = await openDesk(page, 'Host stand');
  const guest = tickets[4]!;
  await typeTicket(page, guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  await context.setOffline(true);
  await new ScanPage(page).openScreen('Activity');
  await page.getByRole('tab', { name: 'All scans' }).click();
  await page.getByTestId('activity-scan').filter({ hasText: guest.guestName }).getByRole('button', { name: 'Add a note to the booking' }).click();
  await page.getByRole('textbox', { name: /Note on the booking/ }).fill('Needs step-free access');
  await page.getByRole('button', { name: 'Save note' }).click();
  const note = page.getByTestId('booking-note');
  await expect(note).toHaveAttribute('data-state', 'queued');
  await expect(note).toContainText('waiting to send');
  await page.screenshot({ path: 'e2e/.artifacts/screens/activity-booking-note.png', fullPage: true });
  await context.setOffline(false);
  await expect(note).toHaveAttribute('data-state', 'confirmed');
  const purchaseId = guest.ticketId.split('.')[0];
  const log = (await (await request.get('/__control/requests')).json()) as { requests: Array<{ method: string; path: string; status: number | null }> };
  expect(log.requests.filter((entry) => entry.method === 'PATCH')).toEqual([{ method: 'PATCH', path: `/tonic/purchases/${purchaseId}`, status: 200 }]);
});

test('scans from a phone that never gets back online reach the server through an export, once', async ({ browser, request }) => {
  const emulator = new Emulator(request);
  const phoneContext = await browser.newContext({ permissions: ['camera'] });
  const phone = await phoneContext.newPage();
  const phoneScan = await openDesk(phone, 'Lost phone');
  await phoneContext.setOffline(true);
  for (const guest of tickets.slice(1, 3)) await typeTicket(phone, guest.ticketId);
  await phoneScan.expectWaiting(2);
  await new ScanPage(phone).openScreen('Activity');
  const download = phone.waitForEvent('download');
  await phone.getByRole('button', { name: 'Export scans (JSON)' }).click();
  const file = await (await download).path();
  expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ format: 'doorlist-scans', deviceName: 'Lost phone' });

  const tabletContext = await browser.newContext({ permissions: ['camera'] });
  const tablet = await tabletContext.newPage();
  await openDesk(tablet, 'Kiosk 2');
  await new ScanPage(tablet).openScreen('Activity');
  await tablet.getByTestId('import-file').setInputFiles(file);
  await expect(tablet.getByTestId('import-outcome')).toHaveText('Imported 2 scans from Lost phone (2 to send; 0 were already here).');
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => `${entry.ticket_id} ${entry.device_name}`).sort()).toEqual(
    tickets.slice(1, 3).map((guest) => `${guest.ticketId} Lost phone`).sort(),
  );
  await tablet.getByTestId('import-file').setInputFiles(file); // the same file twice adds nothing
  await expect(tablet.getByTestId('import-outcome')).toHaveText('Imported 0 scans from Lost phone (0 to send; 2 were already here).');
  await tablet.getByTestId('import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(tablet.getByTestId('import-outcome')).toContainText('This file cannot be imported');
  expect(await emulator.checkIns()).toHaveLength(2);
  await phoneContext.close();
  await tabletContext.close();
});
