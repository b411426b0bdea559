// The door with a guest list on the device (rows written into IndexedDB by the test): listed guests admitted by name with
// "Check ID", a forged code "Not on the guest list", refunded and other-date tickets refused, a typed reference of a guest
// never seen here found, and, with no list, an amber admission. Screenshots of each verdict at phone size.
import { expect, test, type Page } from '@playwright/test';
import { storedScans } from './support/deviceDb.ts';
import { openDoor, plainTickets } from './support/doorSession.ts';
import { runOnDay } from './support/clock.ts';
import { Emulator } from './support/emulator.ts';
import { demoListMeta, doorDate, entryOf, pageNow, putGuestList } from './support/guestListRows.ts';
import { dateWords } from '../src/ui/describeVerdict.ts';
import type { ScanPage } from './pages/ScanPage.ts';
import { SearchPage } from './pages/SearchPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

const SCREENS = 'e2e/.artifacts/screens';
const PHONE = { width: 360, height: 640 };
const FORGED = 'abcdef0123456789abcdef01.627cb97471209027347177dc.3';

const [listed, refunded, otherDay, typedOnly, unlisted] = plainTickets as [
  (typeof plainTickets)[number],
  (typeof plainTickets)[number],
  (typeof plainTickets)[number],
  (typeof plainTickets)[number],
  (typeof plainTickets)[number],
];

test.beforeEach(async ({ page, request }) => {
  await new Emulator(request).reset();
  // One day for the server and the page: the list's dates are made from the door's today, which must not turn midnight mid-test.
  await runOnDay(page, request);
});

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function showVerdict(page: Page, scan: ScanPage, typed: string, shot: string): Promise<void> {
  await scan.typeTicket(typed);
  await expect(scan.verdict).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/guestlist-${shot}-phone.png` });
}

test('with a guest list the door admits by name, refuses forged, refunded and other-date codes, and without one admits in amber', async ({ page, request }) => {
  await page.setViewportSize(PHONE);
  const scan = await openDoor(page, 'List door');
  const today = await doorDate(page);
  const later = addDays(today, 11);
  await putGuestList(
    page,
    [entryOf(listed, today), entryOf(refunded, today, { refunded: true }), entryOf(otherDay, later), entryOf(typedOnly, today)],
    demoListMeta([today, later], await pageNow(page)),
  );

  await showVerdict(page, scan, listed.ticketId, 'admitted');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'ok');
  await expect(scan.verdict).toContainText('Admitted');
  await expect(page.getByTestId('verdict-guest')).toHaveText(`${listed.guestName} · ${listed.ticketType} · ${listed.reference.toUpperCase()}`);
  await expect(page.getByTestId('verdict-check-id')).toHaveText('Check ID: Over 18');

  await showVerdict(page, scan, FORGED, 'not-on-list');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'bad');
  await expect(scan.verdict).toContainText('Not on the guest list');

  await showVerdict(page, scan, refunded.ticketId, 'refunded');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'bad');
  await expect(scan.verdict).toContainText('Refunded ticket: do not admit');
  await expect(page.getByTestId('verdict-guest')).toContainText(refunded.guestName);

  await showVerdict(page, scan, otherDay.ticketId, 'other-date');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'bad');
  await expect(scan.verdict).toContainText(`Ticket for ${dateWords(later, today)}`);

  // Never scanned on this device: the typed reference is found on the list, and checked in with the code it gives.
  await showVerdict(page, scan, typedOnly.reference.toLowerCase(), 'typed-reference');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'ok');
  await expect(page.getByTestId('verdict-guest')).toContainText(typedOnly.guestName);

  // No list any more: an unknown code is admitted, but in amber and saying so.
  await putGuestList(page, [], null);
  await showVerdict(page, scan, unlisted.ticketId, 'amber-no-list');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'caution');
  await expect(scan.verdict).toContainText('Admitted');
  await expect(scan.verdict).toContainText('Not checked against a guest list');

  // What was refused stays here as history; what was admitted goes to the ticket office, once each.
  const byTicket = new Map((await storedScans(page)).map((row) => [row.ticketId, row]));
  for (const refusedId of [FORGED, refunded.ticketId, otherDay.ticketId]) expect(byTicket.get(refusedId)?.state, refusedId).toBe('local');
  const emulator = new Emulator(request);
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => entry.ticket_id).sort()).toEqual([listed.ticketId, typedOnly.ticketId, unlisted.ticketId].sort());
});

test('Find a guest searches the whole guest list offline: a guest never seen here is checked in from a result, a refunded one shows it', async ({ page, context, request }) => {
  await page.setViewportSize(PHONE);
  const scan = await openDoor(page, 'List desk');
  const today = await doorDate(page);
  await putGuestList(page, [entryOf(typedOnly, today), entryOf(refunded, today, { refunded: true })], demoListMeta([today], await pageNow(page)));
  await context.setOffline(true);
  await scan.openScreen('Find a guest');
  const search = new SearchPage(page);
  await search.search(typedOnly.guestName.split(' ').map((word) => word.slice(0, 3)).join(' '));
  const result = search.result(typedOnly.ticketId);
  await expect(result).toHaveAttribute('data-listed', 'yes');
  await expect(result).toContainText(typedOnly.ticketType);
  await expect(search.presence(typedOnly.ticketId)).toHaveText('○ Not in yet');
  await search.scanButton(typedOnly.ticketId).click();
  await expect(search.verdict(typedOnly.ticketId)).toContainText('Admitted');
  await expect(search.verdict(typedOnly.ticketId)).toContainText('Check ID: Over 18');
  await page.screenshot({ path: `${SCREENS}/guestlist-search-phone.png` });

  await search.search(refunded.reference);
  await expect(search.presence(refunded.ticketId)).toHaveText('✕ Refunded ticket: do not admit');

  await context.setOffline(false);
  const emulator = new Emulator(request);
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => entry.ticket_id)).toEqual([typedOnly.ticketId]);
});

test('the policy in Settings: refuse unknown codes while there is no current list, minutes checked in words; a broken mapping is said on the scan screen', async ({ page, request }) => {
  await page.setViewportSize(PHONE);
  const scan = await openDoor(page, 'Strict door');
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  const policy = page.getByTestId('setting-unknownCodes');
  await expect(policy.getByRole('radio', { name: /^Admit in amber/ })).toBeChecked();
  await expect(policy).toContainText('Now: admit in amber (the default).');
  await policy.getByRole('radio', { name: /^Refuse/ }).check();
  await expect(policy).toContainText('Now: refuse (set on this device).');
  const minutes = settings.field('A guest list is current for (minutes)');
  await expect(minutes).toHaveValue('240');
  await minutes.fill('two hours');
  await minutes.press('Enter');
  await expect(settings.fieldError('A guest list is current for (minutes)')).toHaveText('✕ The minutes must be a whole number from 1 to 10,080 (a week).');
  await minutes.fill('90');
  await minutes.press('Tab');
  await expect(settings.fieldError('A guest list is current for (minutes)')).toHaveCount(0);
  await page.getByRole('heading', { name: 'Guest list', level: 2 }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/guestlist-settings-phone.png` });
  await page.reload();
  await expect(page.getByTestId('setting-unknownCodes').getByRole('radio', { name: /^Refuse/ })).toBeChecked();
  await expect(settings.field('A guest list is current for (minutes)')).toHaveValue('90');
  await settings.back();

  await showVerdict(page, scan, unlisted.ticketId, 'no-list-refused');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'bad');
  await expect(scan.verdict).toContainText('No guest list on this door');
  await expect(scan.recentScan({ ticket: unlisted.ticketId, state: 'local' })).toHaveCount(1);

  // Tonic confirmed three codes that were not on the list: the list does not match the tickets, and the door says so.
  const today = await doorDate(page);
  await putGuestList(page, [entryOf(listed, today)], demoListMeta([today], await pageNow(page), { mapping: { listedConfirmed: 5, unlistedConfirmed: 3 } }));
  await page.reload(); // written behind the app's back: a reload reads it (a download through the app shows at once)
  await expect(page.getByTestId('mapping-notice')).toContainText('Not checking codes against the guest list: the ticket office accepted 3 tickets that were not on the guest list');
  await page.screenshot({ path: `${SCREENS}/guestlist-mapping-broken-phone.png` });
  await showVerdict(page, scan, FORGED, 'broken-refused');
  await expect(scan.verdict).toContainText('Cannot check this code');
  await expect(scan.verdict).toContainText('does not match the tickets');
  expect(await new Emulator(request).checkIns()).toEqual([]);
});
