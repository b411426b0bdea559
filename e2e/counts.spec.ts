// Counts: per occurrence, this device's check-ins and check-outs per hour, RunSignup window counts, last send, the backlog draining.
import { expect, test } from '@playwright/test';
import { buildSetupLink } from '../src/contracts/setupLink.ts';
import { openDoor, plainTickets, runsignupTickets } from './support/doorSession.ts';
import { E2E_NOW, runOnDay, venueDateAt } from './support/clock.ts';
import { Emulator } from './support/emulator.ts';
import { FaultControls } from './support/faultControls.ts';
import { APP_ORIGIN, deviceConfig } from './support/setupLinks.ts';
import { CountsPage } from './pages/CountsPage.ts';

const today = venueDateAt(E2E_NOW);

test.beforeEach(async ({ page, request }) => {
  await new Emulator(request).reset();
  await new FaultControls(request).clear();
  await runOnDay(page, request);
});
// A test that fails half-way must not leave its latency or failures to the next spec.
test.afterEach(async ({ request }) => {
  await new FaultControls(request).clear();
});

test('after a few typed check-ins and a check-out: per hour, per occurrence, RunSignup counts and the last send', async ({ page }) => {
  const scan = await openDoor(page, 'Counts door');
  const hourAtStart = `${today} 18`; // the day starts at 18:20 (E2E_NOW), and the test takes seconds
  const guests = [...plainTickets.slice(0, 3), ...runsignupTickets.slice(0, 2)];
  for (const guest of guests) {
    await scan.typeTicket(guest.ticketId);
    await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  }
  await scan.typeTicket(guests[0]!.ticketId); // already in: not another check-in
  await scan.setDirection('Out');
  await scan.typeTicket(guests[1]!.ticketId);
  await expect(scan.recentScan({ ticket: guests[1]!.ticketId, verdict: 'checkedOut', state: 'confirmed' })).toHaveCount(1);
  await scan.setDirection('In');

  await scan.openScreen('Counts');
  const counts = new CountsPage(page);
  await counts.expectShown();
  await expect(counts.totals).toHaveText('5 checked in · 1 checked out in the last 24 hours');
  await expect(counts.hour(hourAtStart)).toBeVisible();
  // A run that crosses the hour splits the figures over two rows; together they are the same.
  const perHour = await counts.hours.evaluateAll((rows) => rows.map((row) => [Number(row.getAttribute('data-in')), Number(row.getAttribute('data-out'))]));
  expect(perHour.reduce(([ins, outs], [i, o]) => [ins! + i!, outs! + o!], [0, 0])).toEqual([5, 1]);

  await expect(counts.occurrence(today).getByTestId('counts-in-here')).toHaveText('4'); // 5 in, 1 out again
  await expect(counts.occurrence(today)).toContainText(/\d+ of 320/);
  for (const guest of runsignupTickets.slice(0, 2)) {
    await expect(counts.windowCount(guest.ticketId)).toHaveAttribute('data-count', '1');
    await expect(counts.windowCount(guest.ticketId)).toContainText(/just now|min ago/);
  }
  await expect(counts.windowCounts).toHaveCount(2); // Tonic-only tickets have no RunSignup count
  await expect(counts.waiting).toHaveText('0');
  await expect(counts.lastSent).toContainText(/^\d\d:\d\d \(just now\)$/);

  for (const [name, size] of [['phone', { width: 360, height: 640 }], ['tablet', { width: 1024, height: 768 }]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `e2e/.artifacts/screens/counts-${name}.png`, fullPage: true });
  }
});

test('an empty device says it has nothing; a backlog made offline drains with its progress on screen', async ({ page, context, request }) => {
  const faults = new FaultControls(request);
  // Four scans a request, so a 12-scan backlog takes three requests: the bar is seen part-way.
  const link = buildSetupLink(APP_ORIGIN, { ...deviceConfig('Backlog counts door'), sync: { batchSize: 4 } });
  const scan = await openDoor(page, 'Backlog counts door', link);
  await scan.openScreen('Counts');
  const counts = new CountsPage(page);
  await expect(counts.noHours).toBeVisible();
  await expect(counts.noWindowCounts).toBeVisible();
  await expect(counts.lastSent).toHaveText('Nothing sent yet');
  await expect(counts.waiting).toHaveText('0');
  await page.getByRole('button', { name: 'Back to scanning' }).click();

  await context.setOffline(true);
  const backlog = plainTickets.slice(0, 12);
  for (const guest of backlog) {
    await scan.typeTicket(guest.ticketId);
    await expect(scan.recentScan({ ticket: guest.ticketId, verdict: 'admitted' })).toHaveCount(1);
  }
  await expect(scan.syncState).toHaveText(/Offline · 12 waiting/);
  await scan.openScreen('Counts');
  await expect(counts.waiting).toHaveText('12');
  await expect(counts.totals).toHaveText('12 checked in · 0 checked out in the last 24 hours'); // counted on the device, sent or not

  // The server answers the first request of four and holds the second: the bar stays part-way while it is checked.
  await faults.holdCheckIns(1);
  await context.setOffline(false);
  await expect(counts.backlog).toHaveAttribute('data-sent', '4');
  await expect(counts.backlog).toHaveAttribute('data-total', '12');
  await expect(counts.waiting).toHaveText('8');
  await faults.clear();
  await expect(counts.waiting).toHaveText('0');
  await expect(counts.backlog).toHaveCount(0);
  await expect(counts.lastSent).toContainText(/^\d\d:\d\d \(just now\)$/);
  await faults.clear();
  expect((await new Emulator(request).checkIns()).map((entry) => entry.ticket_id).sort()).toEqual(backlog.map((guest) => guest.ticketId).sort());
});
