// Find a guest: guests this device knows (from its own scans or an import) by name, reference or ticket id, online and
// offline; check in or out from a result (sent once), already-in shown before anyone taps, a booking note, an empty device.
import { expect, test, type Page } from '@playwright/test';
import { demoTickets, type DemoTicket } from '../server/demoData.ts';
import { storedScans } from './support/deviceDb.ts';
import { checkInByHand, openDoor, plainTickets } from './support/doorSession.ts';
import { seriousAxeFindings } from './support/axeFindings.ts';
import { Emulator } from './support/emulator.ts';
import { FaultControls } from './support/faultControls.ts';
import { ActivityPage } from './pages/ActivityPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SearchPage } from './pages/SearchPage.ts';

const SCREENS = 'e2e/.artifacts/screens';
/** One booking's four tickets (the same guest name), brought in by an import. */
const family = plainTickets.filter((ticket) => ticket.purchaseObjectId === plainTickets[1]!.purchaseObjectId);
const cancelled = demoTickets().find((ticket) => ticket.cancelled && ticket.runsignupTicketId === null)!;

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});

const nameQuery = (guest: DemoTicket) =>
  guest.guestName
    .split(' ')
    .map((word) => word.slice(0, 2).toLowerCase())
    .join(' '); // "Ciaran Thomas" -> "ci th"

/** An export from another device that knows these tickets (no scans): how an import teaches this device its guests. */
function exportKnowing(tickets: Array<{ ticket: DemoTicket; inAt?: string; door?: string }>): Buffer {
  const file = {
    format: 'doorlist-scans',
    version: 1,
    exportedAt: new Date().toISOString(),
    deviceName: 'Box office laptop',
    scans: [],
    tickets: tickets.map(({ ticket, inAt, door }) => ({
      ticketId: ticket.ticketId,
      status: 'valid',
      reference: ticket.reference,
      guestName: ticket.guestName,
      checkedInAt: inAt ?? null,
      checkedInDoor: door ?? null,
      updatedAt: new Date().toISOString(),
    })),
  };
  return Buffer.from(JSON.stringify(file));
}

async function importFile(page: Page, scan: ScanPage, buffer: Buffer): Promise<void> {
  await scan.openScreen('Activity');
  const activity = new ActivityPage(page);
  await activity.importScans({ name: 'box-office.json', mimeType: 'application/json', buffer });
  await expect(activity.importOutcome).toContainText('Imported 0 scans from Box office laptop');
  await activity.backToScanning();
}

test('guests checked in by hand come back by name, reference and ticket id, already in with time and door, offline too', async ({ page, context }) => {
  const scan = await openDoor(page, 'Search desk');
  const guests = [plainTickets[0]!, plainTickets[5]!, plainTickets[6]!];
  for (const guest of [...guests, cancelled]) await checkInByHand(page, guest.ticketId);
  for (const guest of guests) await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  await expect(scan.recentScan({ ticket: cancelled.ticketId, state: 'rejected' })).toHaveCount(1);

  await scan.openScreen('Find a guest');
  const search = new SearchPage(page);
  await search.expectOpen();
  await expect(page.getByText(/“jo sm” finds John Smith/)).toBeVisible();
  const [guest, second, third] = guests as [DemoTicket, DemoTicket, DemoTicket];

  // The name came from the emulator's check-in reply: this device was only ever given the ticket number.
  await search.search(nameQuery(guest));
  await expect(search.result(guest.ticketId)).toContainText(guest.guestName);
  await expect(search.result(guest.ticketId)).toContainText(guest.reference);
  await expect(search.presence(guest.ticketId)).toHaveText(/^! Already in at \d\d:\d\d, Search desk$/);
  await search.search(guest.reference.replace(/-/g, '').toLowerCase()); // without dashes
  await expect(search.results).toHaveCount(1);
  await expect(search.result(guest.ticketId)).toBeVisible();
  await search.search(second.ticketId.slice(0, 10).toUpperCase()); // the start of a ticket id
  await expect(search.results).toHaveCount(1);
  await expect(search.result(second.ticketId)).toContainText(second.guestName);
  await search.search(cancelled.reference);
  await expect(search.presence(cancelled.ticketId)).toHaveText('✕ Cancelled ticket: send the guest to the box office');
  await search.search('zz qq');
  await expect(search.noMatch).toContainText('No guest on this device matches “zz qq”');

  await context.setOffline(true);
  await expect(page.getByRole('heading', { name: 'Find a guest' })).toBeVisible();
  await search.search(third.guestName.toUpperCase());
  await expect(search.result(third.ticketId)).toContainText(third.guestName);
  await expect(search.presence(third.ticketId)).toHaveText(/^! Already in at \d\d:\d\d, Search desk$/);
  await search.search(third.reference.slice(0, 9)); // "DMN-81000" with its dash
  await expect(search.result(third.ticketId)).toBeVisible();
});

test('a known guest not in yet is checked in from a result, reaching Tonic once; a guest in at another door shows it first', async ({ page, request }) => {
  const scan = await openDoor(page, 'Search desk');
  const [notIn, inElsewhere, third, fourth] = family as [DemoTicket, DemoTicket, DemoTicket, DemoTicket];
  await importFile(page, scan, exportKnowing([{ ticket: notIn }, { ticket: inElsewhere, inAt: '2026-11-24 19:02:00', door: 'North gate' }, { ticket: third }, { ticket: fourth }]));
  await scan.openScreen('Find a guest');
  const search = new SearchPage(page);
  await search.search(nameQuery(notIn));
  await expect(search.results).toHaveCount(4);
  await expect(search.presence(inElsewhere.ticketId)).toHaveText('! Already in at 19:02, North gate');
  await expect(search.presence(notIn.ticketId)).toHaveText('○ Not in yet');

  await search.scanButton(notIn.ticketId).click();
  await expect(search.verdict(notIn.ticketId)).toHaveText(/✓\s*Admitted/);
  const emulator = new Emulator(request);
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => `${entry.ticket_id} ${entry.device_name} ${entry.result}`)).toEqual([
    `${notIn.ticketId} Search desk success`,
  ]);
  await expect.poll(async () => (await storedScans(page)).map((row) => row.state)).toEqual(['confirmed']);
  await page.setViewportSize({ width: 360, height: 640 });
  await page.screenshot({ path: `${SCREENS}/search-phone.png` });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: `${SCREENS}/search-tablet.png` });
  expect(await seriousAxeFindings(page)).toEqual([]);

  // Tapped again: this device already knows the guest is in, says so, and sends nothing.
  await search.scanButton(notIn.ticketId).click();
  await expect(search.verdict(notIn.ticketId)).toHaveText(/!\s*Already in at \d\d:\d\d\s*Checked in at Search desk/);
  await expect.poll(async () => (await storedScans(page)).map((row) => row.state).sort()).toEqual(['confirmed', 'local']);
  expect(await emulator.checkIns()).toHaveLength(1);

  // Out mode, as on the scan screen: the result's button checks the guest out.
  await search.setDirection('Out');
  await search.scanButton(notIn.ticketId, 'Check out').click();
  await expect(search.verdict(notIn.ticketId)).toHaveText(/↩\s*Checked out/);
  await expect
    .poll(async () => ((await (await request.get('/__control/checkouts')).json()) as { checkouts: Array<{ ticket_id: string }> }).checkouts.map((entry) => entry.ticket_id))
    .toEqual([notIn.ticketId]);
  expect(await emulator.checkIns()).toHaveLength(1);
});

test('a note on a booking written from a result reaches Tonic (Update Purchase)', async ({ page, request }) => {
  const scan = await openDoor(page, 'Host stand');
  const guest = plainTickets[7]!;
  await checkInByHand(page, guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  await scan.openScreen('Find a guest');
  const search = new SearchPage(page);
  await search.search(nameQuery(guest));
  await search.addNote(guest.ticketId, 'Wheelchair space, row A');
  const purchaseId = guest.ticketId.split('.')[0];
  const faults = new FaultControls(request);
  await expect
    .poll(async () => (await faults.requests()).filter((entry) => entry.method === 'PATCH').map((entry) => `${entry.path} ${entry.status}`))
    .toEqual([`/tonic/purchases/${purchaseId} 200`]);
});

test('a device that knows no guest yet says how it gets to know them', async ({ page }) => {
  const scan = await openDoor(page, 'New tablet');
  await scan.openScreen('Find a guest');
  const search = new SearchPage(page);
  await expect(search.emptyDevice).toContainText('This device does not know any guests yet.');
  await expect(search.emptyDevice).toContainText('This device knows a guest once their ticket has been scanned here');
  await search.search('jo sm');
  await expect(search.emptyDevice).toBeVisible();
  await expect(search.results).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/search-empty.png` });
});
