// The sync fault matrix (issue 4, "Proof"): each row injects one failure into the demo backend or the browser and
// asserts what the emulator received: every scan exactly once, nothing lost. Row 1 (offline + reload) is offline.spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REQUEST_TIMEOUT_MS } from '../src/api/httpRequest.ts';
import { buildSetupLink } from '../src/contracts/setupLink.ts';
import { killBrowserHard, launchOnProfile } from './support/browserProcess.ts';
import { failCamera } from './support/cameraProbe.ts';
import { expectDeliveredOnce } from './support/deliveries.ts';
import { storedLeases, storedScans, type StoredScan } from './support/deviceDb.ts';
import { checkInByHand, expectAdmittedLocally, openDoor, plainTickets, runsignupTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { FaultControls, isCheckInPost } from './support/faultControls.ts';
import type { RequestLogEntry } from '../server/emulatorState.ts';
import { APP_ORIGIN, deviceConfig, setupLinkFor } from './support/setupLinks.ts';
import { failScanAndTicketWrites } from './support/storageFaults.ts';
import { recordUiHistory, statesSeen, uiHistory } from './support/uiHistory.ts';
import { scannerTypes } from './support/wedgeScanner.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

/** States that mean "lost" or "refused" to staff; a scan the server took must never pass through them. */
const LOST_STATES = ['failed', 'rejected'];

interface ScanWithResult extends StoredScan {
  attempts: number;
  lastError: string | null;
  serverResult: { result: string; checkedInDevice: string | null; checkedInAt: string | null } | null;
}

const scansOf = async (page: Page) => (await storedScans(page)) as ScanWithResult[];
const ticketIds = (count: number, from = 0) => plainTickets.slice(from, from + count).map((ticket) => ticket.ticketId);


let emulator: Emulator;
let faults: FaultControls;

test.beforeEach(async ({ request }) => {
  emulator = new Emulator(request);
  faults = new FaultControls(request);
  await emulator.reset();
});

test.afterEach(async () => {
  await faults.clear(); // never leave latency or a pending fault for the next spec
});

async function expectNeverShownLost(page: Page, tickets: readonly string[]): Promise<void> {
  const history = await uiHistory(page);
  for (const ticket of tickets) {
    const seen = statesSeen(history, ticket);
    expect(seen, `states shown for ${ticket}`).toContain('confirmed');
    expect(seen.filter((state) => LOST_STATES.includes(state)), `${ticket} was never shown as refused or failed`).toEqual([]);
  }
}

async function expectAllConfirmed(scan: ScanPage, tickets: readonly string[], timeout = 15_000): Promise<void> {
  for (const ticket of tickets) await expect(scan.recentScan({ ticket, verdict: 'admitted', state: 'confirmed' })).toHaveCount(1, { timeout });
}

/** Scans `tickets` with the network off so they queue together and go out as one batch when it returns. */
async function scanOffline(page: Page, scan: ScanPage, tickets: readonly string[]): Promise<void> {
  await page.context().setOffline(true);
  await expect(scan.network).toHaveText('Offline');
  for (const ticket of tickets) {
    await checkInByHand(page, ticket);
    await expectAdmittedLocally(scan, ticket);
  }
  await scan.expectWaiting(tickets.length);
}

test('row 2: browser killed with a batch in flight, relaunched on the same profile: every scan arrives once, the resend ends confirmed', async ({}, testInfo) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'doorlist-kill-'));
  const deviceName = 'Killed door';
  const tickets = ticketIds(2);
  const [inFlight, queued] = tickets as [string, string];
  testInfo.annotations.push({ type: 'kill', description: 'SIGKILL to the browser pid found in /proc by --user-data-dir (the process without --type=)' });
  try {
    const first = await launchOnProfile(userDataDir);
    const page = first.pages()[0] ?? (await first.newPage());
    const scan = await openDoor(page, deviceName);

    // Replies take 8 s: the first scan's batch is in the emulator's hands when the browser dies.
    await faults.set({ latencyMs: 8_000 });
    await checkInByHand(page, inFlight);
    await expect(scan.verdict).toContainText('Admitted');
    await faults.waitForRequests((log) => log.some((entry) => isCheckInPost(entry) && entry.status === null));
    await checkInByHand(page, queued);
    await expectAdmittedLocally(scan, queued);
    await expect(scan.verdict).toContainText('Admitted');
    // Both wait to reach the server; the first is in flight, named by its batch's lease, when the browser dies.
    await expect(scan.recentScan({ ticket: inFlight, state: 'sending' })).toContainText('Sending…');
    await expect(scan.recentScan({ ticket: queued, state: 'queued' })).toContainText('Waiting to send');
    await page.screenshot({ path: 'e2e/.artifacts/screens/scan-sending.png' });
    const before = await scansOf(page);
    expect(before.map((row) => [row.ticketId, row.state])).toEqual([
      [inFlight, 'queued'],
      [queued, 'queued'],
    ]);
    expect((await storedLeases(page)).map((lease) => lease.scans)).toEqual([[{ id: before[0]!.id, ticketId: inFlight }]]);

    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    await killBrowserHard(userDataDir);
    await closed;

    // The emulator finishes the orphaned request: it commits the in-flight scan, and nobody hears the reply.
    await faults.waitForRequests((log) => log.filter(isCheckInPost).every((entry) => entry.status !== null), 20_000);
    expect((await emulator.checkIns()).map((entry) => [entry.ticket_id, entry.result])).toEqual([[inFlight, 'success']]);
    await faults.clear();

    const second = await launchOnProfile(userDataDir);
    try {
      const relaunched = second.pages()[0] ?? (await second.newPage());
      await failCamera(relaunched, 'NotFoundError');
      await relaunched.goto('/');
      const again = new ScanPage(relaunched);
      await expect(again.recentScan({})).toHaveCount(2); // both scans survived the kill
      await expectAllConfirmed(again, tickets);
      await again.expectWaiting(0);

      const received = await emulator.checkIns();
      const stored = await scansOf(relaunched);
      expectDeliveredOnce(received, stored, tickets, { deviceName, allowOwnResends: true });
      // The in-flight scan was resent (at-least-once) and recognised as our own check-in, not a conflict.
      expect(received.filter((entry) => entry.ticket_id === inFlight).map((entry) => entry.result)).toEqual(['success', 'already_checked_in']);
      expect(stored.find((row) => row.ticketId === inFlight)?.serverResult).toMatchObject({ result: 'already_checked_in', checkedInDevice: deviceName });
      expect(received.filter((entry) => entry.ticket_id === queued).map((entry) => entry.result)).toEqual(['success']);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('row 3: the server commits but the reply is lost: the resend is answered "already checked in" by this device at this time, and ends confirmed', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'Lost reply door';
  const scan = await openDoor(page, deviceName);
  const [ticket] = ticketIds(1) as [string];

  await faults.set({ dropNext: { count: 1, path: '/tonic/checkin', afterProcessing: true } });
  await checkInByHand(page, ticket);
  await expectAdmittedLocally(scan, ticket);
  await expectAllConfirmed(scan, [ticket]);
  await scan.expectWaiting(0);

  const received = await emulator.checkIns();
  expect(received.map((entry) => entry.result)).toEqual(['success', 'already_checked_in']);
  const stored = await scansOf(page);
  expectDeliveredOnce(received, stored, [ticket], { deviceName, allowOwnResends: true });
  expect(stored[0]?.serverResult).toMatchObject({ result: 'already_checked_in', checkedInDevice: deviceName, checkedInAt: stored[0]?.venueTime });
  expect((await faults.checkInPosts()).map((entry) => entry.status)).toEqual([null, 200]); // dropped, then answered
  await expectNeverShownLost(page, [ticket]);
});

/**
 * When the 429 left the emulator, on its clock, as is every check-in's receivedAt: the test process noticing it later
 * (it polls the log) would shorten the measured wait by however late it looked, on a loaded machine by 100 ms and more.
 */
const answeredAtOf429 = (log: RequestLogEntry[]): number => Date.parse(log.filter(isCheckInPost).find((entry) => entry.status === 429)?.answeredAt ?? '');
/** Both times are on one clock and the app starts its wait only after the 429 reached it: this is for whole-ms rounding and timers read off another clock source. */
const ROUNDING_MS = 20;

test('row 4: 503 then 429 with Retry-After: the scan waits, honours Retry-After, then arrives exactly once; never shown lost', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'Busy server door';
  const scan = await openDoor(page, deviceName);
  const [ticket] = ticketIds(1, 2) as [string];
  await scanOffline(page, scan, [ticket]);

  // The 503 is held for 1.5 s so the 429 can be armed while the emulator still has the request (one failNext at a time).
  await faults.set({ failNext: { status: 503, count: 1, path: '/tonic/checkin' }, latencyMs: 1_500 });
  await page.context().setOffline(false);
  await faults.waitForRequests((log) => log.some(isCheckInPost));
  await faults.set({ failNext: { status: 429, count: 1, path: '/tonic/checkin', retryAfterSeconds: 2 }, latencyMs: 0 });

  const afterRateLimit = await faults.waitForRequests((log) => log.filter(isCheckInPost).some((entry) => entry.status === 429));
  const rateLimitedAt = answeredAtOf429(afterRateLimit);
  expect(afterRateLimit.filter(isCheckInPost).map((entry) => entry.status)).toEqual([503, 429]);
  await expect(scan.recentScan({ ticket, state: 'queued' })).toHaveCount(1); // waiting, not lost
  await expect(scan.recentScan({ ticket })).toContainText('Waiting to send (tried 2×)');

  await expectAllConfirmed(scan, [ticket]);
  const received = await emulator.checkIns();
  expectDeliveredOnce(received, await scansOf(page), [ticket], { deviceName, allowOwnResends: false });
  // Retry-After: 2 s between the 429 leaving the server and the next try arriving, both on the server's clock.
  expect(Date.parse(received[0]!.receivedAt) - rateLimitedAt).toBeGreaterThanOrEqual(2_000 - ROUNDING_MS);
  expect((await faults.checkInPosts()).map((entry) => entry.status)).toEqual([503, 429, 200]);
  await expectNeverShownLost(page, [ticket]);
});

test('row 4b: after a 429 with Retry-After, nothing more is sent to that server until it has passed; a batch stays together', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'Rate limited door';
  const scan = await openDoor(page, deviceName);
  const tickets = ticketIds(3, 40);
  await scanOffline(page, scan, tickets);

  await faults.set({ failNext: { status: 503, count: 1, path: '/tonic/checkin' }, latencyMs: 1_500 });
  await page.context().setOffline(false);
  await faults.waitForRequests((log) => log.some(isCheckInPost));
  await faults.set({ failNext: { status: 429, count: 1, path: '/tonic/checkin', retryAfterSeconds: 2 }, latencyMs: 0 });
  const rateLimitedAt = answeredAtOf429(await faults.waitForRequests((log) => log.filter(isCheckInPost).some((entry) => entry.status === 429)));

  await expectAllConfirmed(scan, tickets);
  const received = await emulator.checkIns();
  expectDeliveredOnce(received, await scansOf(page), tickets, { deviceName, allowOwnResends: false });
  for (const entry of received) {
    expect(Date.parse(entry.receivedAt) - rateLimitedAt, `${entry.ticket_id} was sent only after Retry-After`).toBeGreaterThanOrEqual(2_000 - ROUNDING_MS);
  }
  expect((await faults.checkInPosts()).map((entry) => entry.status), 'the batch went out whole each time').toEqual([503, 429, 200]);
  await expectNeverShownLost(page, tickets);
});

test('row 5a: one bad row in a batch: bisected until it stands alone, failed with the server\'s words; the rest arrive exactly once', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'Bad row door';
  const scan = await openDoor(page, deviceName);
  const tickets = ticketIds(4, 4);
  const bad = tickets[2]!;
  await scanOffline(page, scan, tickets);

  // The app formats times itself, so the bad row is crafted: its stored scan time is corrupted while it waits.
  await page.evaluate(
    (ticketId) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('doorlist');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('scans', 'readwrite').objectStore('scans');
          const all = store.getAll();
          all.onsuccess = () => {
            const row = (all.result as Array<{ ticketId: string; venueTime: string }>).find((candidate) => candidate.ticketId === ticketId)!;
            const put = store.put({ ...row, venueTime: 'yesterday evening' });
            put.onerror = () => reject(put.error);
            put.onsuccess = () => {
              open.result.close();
              resolve();
            };
          };
        };
      }),
    bad,
  );

  await page.context().setOffline(false);
  const good = tickets.filter((ticket) => ticket !== bad);
  await expectAllConfirmed(scan, good);
  await expect(scan.recentScan({ ticket: bad, state: 'failed' })).toHaveCount(1);
  await expect(scan.recentScan({ ticket: bad })).toContainText('time must be YYYY-MM-DD HH:MM:SS');
  await scan.expectWaiting(0);

  const stored = await scansOf(page);
  expect(stored.find((row) => row.ticketId === bad)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('time must be YYYY-MM-DD HH:MM:SS') });
  expectDeliveredOnce(await emulator.checkIns(), stored, good, { deviceName, allowOwnResends: false });
  const posts = (await faults.checkInPosts()).map((entry) => entry.status);
  expect(posts.filter((status) => status === 200), 'the good rows went in the two halves that held no bad row').toHaveLength(2);
  expect(posts.filter((status) => status === 400), 'whole batch, the half with the bad row, the bad row alone').toHaveLength(3);

  // The failed row is kept for staff and never retried: a later scan sends alone, with no new 400.
  const later = ticketIds(1, 8)[0]!;
  await checkInByHand(page, later);
  await expectAllConfirmed(scan, [later]);
  expect((await faults.checkInPosts()).map((entry) => entry.status)).toEqual([...posts, 200]);
  expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), [...good, later], { deviceName, allowOwnResends: false });
  await expectNeverShownLost(page, good);
});

test('row 5b: a 400 for a whole batch whose rows are all fine: bisecting delivers every scan exactly once, none failed', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'Bisect door';
  const scan = await openDoor(page, deviceName);
  const tickets = ticketIds(4, 10);
  await scanOffline(page, scan, tickets);

  await faults.set({ failNext: { status: 400, count: 1, path: '/tonic/checkin', body: JSON.stringify({ error: 'Injected: batch refused once' }) } });
  await page.context().setOffline(false);
  await expectAllConfirmed(scan, tickets);
  await scan.expectWaiting(0);

  expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), tickets, { deviceName, allowOwnResends: false });
  expect((await faults.checkInPosts()).map((entry) => entry.status)).toEqual([400, 200, 200]);
  expect((await scansOf(page)).filter((row) => row.state === 'failed')).toEqual([]);
  await expectNeverShownLost(page, tickets);
});

test('row 6: 401 pauses sending (nothing sent, scans kept, banner); a setup link with the right token sends them exactly once', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'Expired token door';
  const wrong = deviceConfig(deviceName);
  const scan = await openDoor(page, deviceName, buildSetupLink(APP_ORIGIN, { ...wrong, tonic: { ...wrong.tonic, token: 'expired-token' } }));
  const tickets = ticketIds(2, 14);

  await checkInByHand(page, tickets[0]!);
  await expectAdmittedLocally(scan, tickets[0]!);
  const banner = page.getByRole('alert').filter({ hasText: 'Sending is paused' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Credentials refused (401)');
  await expect(banner.getByRole('button', { name: 'Try again' })).toBeVisible();
  await checkInByHand(page, tickets[1]!);
  await expectAdmittedLocally(scan, tickets[1]!);
  await scan.expectWaiting(2);
  expect((await scansOf(page)).map((row) => row.state)).toEqual(['queued', 'queued']);
  expect(await emulator.checkIns()).toEqual([]);

  await page.goto(setupLinkFor(deviceName));
  // The device has a setup and scans waiting: the link asks before it replaces anything.
  await expect(page.getByTestId('setup-confirm-waiting')).toContainText('2 scans are waiting to send');
  expect(await emulator.checkIns()).toEqual([]);
  await page.getByRole('button', { name: 'Use this setup' }).click();
  await expect(page.getByTestId('setup-done')).toContainText(deviceName);
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => entry.ticket_id).sort()).toEqual([...tickets].sort());
  await page.getByRole('button', { name: 'Start scanning' }).click();
  await expectAllConfirmed(scan, tickets);
  await expect(banner).toBeHidden();
  await scan.expectWaiting(0);

  expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), tickets, { deviceName, allowOwnResends: false });
  const statuses = (await faults.checkInPosts()).map((entry) => entry.status);
  expect(statuses[0], 'the refused request').toBe(401);
  expect(statuses.filter((status) => status === 401), 'no further sends while paused').toHaveLength(1);
  expect(statuses.slice(1).every((status) => status === 200)).toBe(true);
  await expectNeverShownLost(page, tickets);
});

test('row 7: a captive portal answers 200 with HTML: treated as malformed, retried, every scan arrives exactly once', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'Captive portal door';
  const scan = await openDoor(page, deviceName);
  const tickets = ticketIds(2, 16);
  await scanOffline(page, scan, tickets);

  await faults.set({ malformedNext: { count: 2, path: '/tonic/checkin' } });
  await page.context().setOffline(false);
  await expectAllConfirmed(scan, tickets);
  await scan.expectWaiting(0);

  expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), tickets, { deviceName, allowOwnResends: false });
  const posts = await faults.checkInPosts();
  expect(posts.every((entry) => entry.status === 200)).toBe(true); // the portal's pages are 200s too
  expect(posts.length, 'two portal pages, then the API').toBeGreaterThanOrEqual(3);
  expect(await faults.current(), 'both portal pages were served').toEqual({});
  const stored = await scansOf(page);
  expect(stored.every((row) => row.attempts >= 1 && row.lastError === null)).toBe(true);
  await expectNeverShownLost(page, tickets);
});

test('row 8: a request that never answers times out, is retried, and the scan arrives once and ends confirmed', async ({ page }) => {
  test.setTimeout(90_000);
  await recordUiHistory(page);
  const deviceName = 'Silent server door';
  const scan = await openDoor(page, deviceName);
  const [ticket] = ticketIds(1, 18) as [string];

  await faults.set({ latencyMs: REQUEST_TIMEOUT_MS + 5_000 });
  const sentAt = Date.now();
  await checkInByHand(page, ticket);
  await expectAdmittedLocally(scan, ticket);
  await faults.waitForRequests((log) => log.some((entry) => isCheckInPost(entry) && entry.status === null));
  await faults.clear(); // the hung request keeps its 20 s; the retry meets a healthy server

  await expect(scan.recentScan({ ticket, state: 'confirmed' })).toHaveCount(1, { timeout: REQUEST_TIMEOUT_MS + 10_000 });
  expect(Date.now() - sentAt, 'the app gave up on the silent request at its deadline, not before').toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
  const stored = await scansOf(page);
  expect(stored[0]).toMatchObject({ state: 'confirmed', attempts: 1 });

  // The orphaned request is processed when its latency ends: the emulator then sees our own check-in again.
  await faults.waitForRequests((log) => log.filter(isCheckInPost).every((entry) => entry.status !== null), 15_000);
  const received = await emulator.checkIns();
  expectDeliveredOnce(received, await scansOf(page), [ticket], { deviceName, allowOwnResends: true });
  expect(received.map((entry) => entry.result)).toEqual(['success', 'already_checked_in']);
  await expect(scan.recentScan({ ticket, state: 'confirmed' })).toHaveCount(1);
  await expectNeverShownLost(page, [ticket]);
});

test('row 9: two tabs scanning different tickets: one sender, every ticket arrives exactly once, no duplicate POSTs', async ({ page, context }) => {
  await recordUiHistory(context);
  const deviceName = 'Two tab door';
  const scanA = await openDoor(page, deviceName);
  const other = await context.newPage();
  await failCamera(other, 'NotFoundError');
  await other.goto('/');
  const scanB = new ScanPage(other);
  await expect(scanB.network).toHaveText('Online');

  // Slow replies so both tabs wake their runners while the other one is mid-send.
  await faults.set({ latencyMs: 400 });
  const tickets = ticketIds(6, 20);
  for (const [index, ticket] of tickets.entries()) {
    const [tab, scan] = index % 2 === 0 ? [page, scanA] : [other, scanB];
    await checkInByHand(tab, ticket);
    await expectAdmittedLocally(scan, ticket);
  }
  await expectAllConfirmed(scanA, tickets);
  await expectAllConfirmed(scanB, tickets);
  await scanA.expectWaiting(0);

  expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), tickets, { deviceName, allowOwnResends: false });
  const posts = await faults.checkInPosts();
  expect(posts.every((entry) => entry.status === 200)).toBe(true);
  expect(posts.length, 'no POST carried a ticket twice: at most one POST per scan').toBeLessThanOrEqual(tickets.length);
  await expectNeverShownLost(page, tickets);
  await expectNeverShownLost(other, tickets);
});

test('row 10: storage quota exceeded on write: the verdict says "Scan NOT saved", never "Admitted", and nothing is sent', async ({ page }) => {
  await recordUiHistory(page);
  const scan = await openDoor(page, 'Full disk door');
  await failScanAndTicketWrites(page); // the setup (already stored) stays readable
  const [ticket] = ticketIds(1, 26) as [string];
  await checkInByHand(page, ticket);
  await expect(scan.verdict).toContainText('Scan NOT saved');
  await expect(scan.verdict).toContainText('out of storage');
  await expect(scan.verdict).toHaveAttribute('data-tone', 'bad');
  await scannerTypes(page, ticketIds(1, 27)[0]!, { enter: true }); // a hardware scanner hits the same wall
  await expect(scan.verdict).toContainText('Scan NOT saved');

  expect((await uiHistory(page)).verdictTitles).toEqual(['Scan NOT saved']);
  await expect(scan.recentScan({})).toHaveCount(0);
  expect(await storedScans(page)).toEqual([]);
  await scan.expectWaiting(0);
  expect(await emulator.checkIns()).toEqual([]);
  expect(await faults.checkInPosts()).toEqual([]);
});

test('row 11: IndexedDB unavailable: scanning is blocked with a message that says so', async ({ page }) => {
  await openDoor(page, 'No storage door');
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await page.goto('/');
  const problem = page.getByRole('alert').filter({ hasText: /storage|IndexedDB/i });
  await expect(problem).toBeVisible({ timeout: 5_000 });
  await expect(problem).toContainText(/cannot|can't|not/i);
  await expect(page.getByRole('button', { name: 'Check in' })).toBeHidden();
  await scannerTypes(page, ticketIds(1, 28)[0]!, { enter: true });
  await expect(page.getByTestId('verdict').filter({ hasText: 'Admitted' })).toHaveCount(0);
  expect(await faults.checkInPosts()).toEqual([]);
});

for (const opened of ['reopened', 'first visit'] as const) {
  test(`row 12 (${opened}): an app update that arrives with scans waiting is deferred until they are sent, then applied on request`, async ({ page, context }) => {
    if (opened === 'first visit') {
    }
    const deviceName = `Update door ${opened}`;
    // The browser's first copy of sw.js is marked as the installed version. Update checks are not routed (Playwright
    // sees only the page's fetches), so they get the real build: different bytes, a new version, as after a deploy.
    // A worker script fulfilled by Playwright has no IP address, so Chromium's Local Network Access counts the pages it
    // serves as public and blocks their calls to the loopback APIs: grant what a person would allow at the prompt.
    await context.grantPermissions(['local-network-access'], { origin: APP_ORIGIN });
    let swFetches = 0;
    await context.route('**/sw.js', async (route) => {
      swFetches += 1;
      const response = await route.fetch();
      const body = swFetches === 1 ? `${await response.text()}\n// the version installed before the e2e deploy\n` : await response.text();
      await route.fulfill({ response, body });
    });
    const scan = await openDoor(page, deviceName);
    await new SetupPage(page).waitForOfflineReady();
    if (opened === 'reopened') {
      await page.reload(); // the usual case: the app opened again, its worker in control from the start
      await expect(scan.network).toHaveText('Online');
    }
    const [ticket] = ticketIds(1, opened === 'reopened' ? 30 : 31) as [string];

    await faults.set({ failNext: { status: 503, count: 1_000, path: '/tonic/checkin' } });
    await checkInByHand(page, ticket);
    await expect(scan.recentScan({ ticket, state: 'queued' })).toContainText('tried');
    await page.evaluate(() => {
      (window as unknown as { doorlistE2eMarker: string }).doorlistE2eMarker = 'same page';
    });

    const found = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration!.update();
      return registration!.installing !== null || registration!.waiting !== null;
    });
    expect(found, 'the update check found a new service worker').toBe(true);
    const prompt = page.locator('.update-prompt');
    await expect(prompt).toContainText('A new version is ready. It can be installed once all 1 waiting scans are sent.');
    await expect(prompt.getByRole('button', { name: 'Update now' })).toHaveCount(0);
    const held = await page.evaluate(async () => ({
      marker: (window as unknown as { doorlistE2eMarker?: string }).doorlistE2eMarker ?? null,
      waiting: ((await navigator.serviceWorker.getRegistration())?.waiting ?? null) !== null,
    }));
    expect(held, 'no reload, and the new worker waits').toEqual({ marker: 'same page', waiting: true });

    // The server recovers; offline -> online makes the queue due at once (no waiting out the backoff).
    await faults.clear();
    await context.setOffline(true);
    await expect(scan.network).toHaveText('Offline');
    await context.setOffline(false);
    await expectAllConfirmed(scan, [ticket]);

    // A guest at the door: the update also waits until their verdict has left the screen.
    const [nextGuest] = ticketIds(1, opened === 'reopened' ? 90 : 91);
    await checkInByHand(page, nextGuest!);
    await expect(scan.verdict).toBeVisible();
    await expect(prompt).toContainText('It can be installed after this guest.');
    await expect(prompt.getByRole('button', { name: 'Update now' })).toHaveCount(0);
    await expect(scan.verdict).toBeHidden();
    await expect(prompt.getByRole('button', { name: 'Update now' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { doorlistE2eMarker?: string }).doorlistE2eMarker ?? null), 'still no reload').toBe('same page');

    const reloaded = page.waitForEvent('load', { timeout: 10_000 });
    await prompt.getByRole('button', { name: 'Update now' }).click();
    await reloaded;
    expect(await page.evaluate(() => (window as unknown as { doorlistE2eMarker?: string }).doorlistE2eMarker ?? null), 'a fresh page').toBeNull();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
    await expect(prompt).toHaveCount(0);
    await expectAllConfirmed(new ScanPage(page), [ticket]);
    expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), [ticket, nextGuest!], { deviceName, allowOwnResends: false });
  });
}

test('row 13: the RunSignup counts endpoint is down (500): check-ins still arrive exactly once and promptly', async ({ page }) => {
  await recordUiHistory(page);
  const deviceName = 'No counts door';
  // Down from the start: the setup screen's server check asks the counts endpoint too.
  await faults.set({ failNext: { status: 500, count: 1_000, path: '/runsignup' } });
  const scan = await openDoor(page, deviceName);
  const isCountsGet = (entry: RequestLogEntry) => entry.method === 'GET' && entry.path.startsWith('/runsignup');
  // The setup screen's probe asked (and failed) already: only what the door asks after it counts here.
  const probed = await faults.waitForRequests((log) => log.some((entry) => isCountsGet(entry) && entry.status === 500));
  const mark = probed.length;
  const tickets = runsignupTickets.slice(0, 3).map((ticket) => ticket.ticketId);
  for (const ticket of tickets) {
    const scannedAt = Date.now();
    await checkInByHand(page, ticket);
    await expect(scan.recentScan({ ticket, state: 'confirmed' })).toHaveCount(1, { timeout: 3_000 });
    expect(Date.now() - scannedAt, `${ticket} confirmed promptly`).toBeLessThan(3_000);
  }
  expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), tickets, { deviceName, allowOwnResends: false });
  // The counts for the tickets in play are asked after the check-ins, and fail.
  const afterSetup = async () => (await faults.requests()).slice(mark).filter(isCountsGet);
  await expect.poll(async () => (await afterSetup()).filter((entry) => entry.status === 500).length, 'the counts endpoint was asked after setup, and failed').toBeGreaterThan(0);
  expect((await afterSetup()).filter((entry) => entry.status !== null && entry.status !== 500)).toEqual([]);
  await expectNeverShownLost(page, tickets);
});

test.describe('counts endpoint that never answers', () => {
  // page.route cannot see requests that pass through a service worker: run this one without it.
  test.use({ serviceWorkers: 'block' });

  test('row 13b: a hanging RunSignup counts request does not hold back the next check-in', async ({ page }) => {
    const deviceName = 'Hanging counts door';
    await page.route('**/runsignup/**', () => {
      // never answered: the app's own deadline must end it
    });
    const scan = await openDoor(page, deviceName);
    const tickets = runsignupTickets.slice(3, 5).map((ticket) => ticket.ticketId);
    for (const ticket of tickets) {
      const scannedAt = Date.now();
      await checkInByHand(page, ticket);
      await expect(scan.recentScan({ ticket, state: 'confirmed' })).toHaveCount(1, { timeout: 3_000 });
      expect(Date.now() - scannedAt, `${ticket} confirmed promptly`).toBeLessThan(3_000);
    }
    expectDeliveredOnce(await emulator.checkIns(), await scansOf(page), tickets, { deviceName, allowOwnResends: false });
  });
});
