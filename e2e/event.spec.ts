// Event: the door lists Tonic's occurrences (cached for offline), picks the one it checks in, and the scan screen shows it.
import { expect, test } from '@playwright/test';
import { occurrenceLabel } from '../src/api/venueTime.ts';
import { openDoor, plainTickets } from './support/doorSession.ts';
import { E2E_NOW, runOnDay, venueDateAt } from './support/clock.ts';
import { Emulator } from './support/emulator.ts';
import { FaultControls } from './support/faultControls.ts';
import { EventPage } from './pages/EventPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const DAY_MS = 86_400_000;
/** The emulator's two shows: tonight (on sale, capacity 320) and tomorrow (sold out, 150), at 19:00 venue time. */
const today = venueDateAt(E2E_NOW);
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

test.beforeEach(async ({ page, request }) => {
  await new Emulator(request).reset();
  await new FaultControls(request).clear();
  await runOnDay(page, request);
});
// A test that fails half-way must not leave its latency or failures to the next spec.
test.afterEach(async ({ request }) => {
  await new FaultControls(request).clear();
});

test('lists the occurrences with sales and guests in here; the one picked shows on the scan screen, after a reload and offline', async ({ page, context }) => {
  const scan = await openDoor(page, 'Event door');
  await new SetupPage(page).waitForOfflineReady();
  const [first, second] = plainTickets as [(typeof plainTickets)[0], (typeof plainTickets)[0]];
  for (const guest of [first, second]) {
    await scan.typeTicket(guest.ticketId);
    await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  }
  await expect(scan.occurrence).toHaveCount(0); // nothing chosen yet

  await scan.openScreen('Event');
  const event = new EventPage(page);
  await event.expectShown();
  await expect(event.occurrences).toHaveCount(2);
  await expect(event.current).toHaveText('Tap the performance this door is checking in.');
  await expect(event.occurrence(today)).toContainText(occurrenceLabel(today, '19:00'));
  await expect(event.occurrence(today)).toContainText(/\d+ sold of 320/);
  await expect(event.occurrence(today)).toContainText('On sale');
  await expect(event.occurrence(today).getByTestId('in-at-this-door')).toHaveText('2 checked in at this door');
  await expect(event.occurrence(tomorrow)).toContainText('150 sold of 150');
  await expect(event.occurrence(tomorrow)).toContainText('Sold out');
  await expect(event.occurrence(tomorrow).getByTestId('in-at-this-door')).toHaveText('0 checked in at this door');
  await expect(event.freshness).toContainText(/Updated from Tonic (just now|\d+ min ago)/);

  await event.choose(today);
  await expect(event.occurrence(tomorrow)).toHaveAttribute('aria-pressed', 'false');
  await expect(event.current).toContainText(`This door checks in ${occurrenceLabel(today, '19:00')}`);
  for (const [name, size] of [['phone', { width: 360, height: 640 }], ['tablet', { width: 1024, height: 768 }]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `e2e/.artifacts/screens/event-${name}.png`, fullPage: true });
  }
  await event.back();
  await expect(scan.occurrence).toHaveText(occurrenceLabel(today, '19:00'));

  await page.reload();
  await expect(scan.occurrence).toHaveText(occurrenceLabel(today, '19:00'));

  await context.setOffline(true);
  await page.reload(); // from the service worker and IndexedDB alone
  await expect(scan.network).toHaveText('Offline');
  await expect(scan.occurrence).toHaveText(occurrenceLabel(today, '19:00'));
  await scan.openScreen('Event');
  await expect(event.freshness).toContainText('Offline: showing saved data.');
  await expect(event.occurrences).toHaveCount(2);
  await expect(event.occurrence(today)).toHaveAttribute('aria-pressed', 'true');
  await event.choose(tomorrow); // stored on the device: no network needed
  await event.back();
  await expect(scan.occurrence).toHaveText(occurrenceLabel(tomorrow, '19:00'));
  await context.setOffline(false);
});

test('when Tonic will not give the occurrences, the screen says there are none yet and why, and the scan screen is unaffected', async ({ page, request }) => {
  await new FaultControls(request).set({ failNext: { status: 503, count: 50, path: '/tonic/events' } });
  const scan = await openDoor(page, 'No event door');
  await scan.openScreen('Event');
  const event = new EventPage(page);
  await expect(event.empty).toBeVisible();
  await expect(event.freshness).toContainText('Not fetched from Tonic yet.');
  await expect(event.freshness).toContainText('Last refresh failed');
  await expect(event.occurrences).toHaveCount(0);
  await event.back();
  await expect(scan.occurrence).toHaveCount(0);
  await scan.typeTicket(plainTickets[0]!.ticketId);
  await expect(scan.verdict).toContainText('Admitted');
});
