// Through the gateway (issue 6): a device enrolled with `device:add` scans and syncs holding only its device token;
// revoked mid-event it wipes its credentials, keeps its scans and says so; two doors share their memory of a ticket.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { demoTickets, DEMO_RSU_API_SECRET, DEMO_TONIC_TOKEN, DEMO_EVENT_ID } from '../server/demoData.ts';
import { startGatewayOnEmulator, type GatewayOnEmulator } from '../server/testing/gatewayOnEmulator.ts';
import { APP_ORIGIN } from './support/setupLinks.ts';
import { failCamera } from './support/cameraProbe.ts';
import { storedRow, storedScans } from './support/deviceDb.ts';
import { Emulator } from './support/emulator.ts';
import { ActivityPage } from './pages/ActivityPage.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const run = promisify(execFile);
const guests = demoTickets().filter((ticket) => !ticket.cancelled && !/^\d+$/.test(ticket.ticketId)).slice(60, 70);
let gateway: GatewayOnEmulator;

test.beforeAll(async () => {
  gateway = await startGatewayOnEmulator({ emulatorUrl: APP_ORIGIN, distDir: process.env.E2E_DIST ?? 'dist' });
});
test.afterAll(async () => {
  await gateway?.close();
});

/** The CLI a venue runs, against this gateway's database. */
async function cli(...args: string[]): Promise<string> {
  const env = { ...process.env, DOORLIST_GATEWAY_DB: `${gateway.dataDir}/gateway.sqlite`, DOORLIST_TONIC_EVENT_ID: DEMO_EVENT_ID, DOORLIST_RSU_TICKET_EVENT_ID: '123', DOORLIST_VENUE_TIME_ZONE: 'Europe/London' };
  const { stdout } = await run('npx', ['tsx', 'server/gateway/cli.ts', ...args], { env });
  return stdout;
}

async function enrol(name: string): Promise<{ link: string; token: string }> {
  const out = await cli('device:add', '--name', name, '--origin', gateway.gateway.url);
  const link = out.split('\n').find((line) => line.startsWith(`${gateway.gateway.url}/setup#config=`));
  if (!link) throw new Error(`device:add printed no setup link:\n${out}`);
  const config = JSON.parse(Buffer.from(link.split('#config=')[1]!, 'base64url').toString('utf8')) as { tonic: { token: string } };
  return { link, token: config.tonic.token };
}

/** A door set up from its gateway link, with a keyboard (no camera): typed check-ins only. */
async function openDoor(browser: Browser, link: string, name: string): Promise<{ page: Page; scan: ScanPage; urls: string[] }> {
  const context = await browser.newContext({ permissions: ['camera'] });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await failCamera(page, 'NotFoundError');
  const setup = new SetupPage(page);
  await setup.open(link);
  await setup.expectDone(name);
  await setup.startScanning();
  return { page, scan: new ScanPage(page), urls };
}

async function checkIn(page: Page, ticketId: string): Promise<void> {
  await page.getByLabel('Type a reference or ticket number').fill(ticketId);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
}

async function storedSettings(page: Page): Promise<{ config: { tonic: { token: string }; runsignup?: { apiSecret: string } } }> {
  const settings = await storedRow<{ config: { tonic: { token: string }; runsignup?: { apiSecret: string } } }>(page, 'settings', 'device');
  if (!settings) throw new Error('the device is not set up');
  return settings;
}

test('a door enrolled with device:add scans through the gateway; revoked mid-event it wipes its credentials, keeps its scans, and says so', async ({ browser, request }) => {
  const emulator = new Emulator(request);
  await emulator.reset();
  const { link, token } = await enrol('North gate 1');
  const door = await openDoor(browser, link, 'North gate 1');

  await checkIn(door.page, guests[0]!.ticketId);
  await expect(door.scan.recentScan({ ticket: guests[0]!.ticketId, verdict: 'admitted', state: 'confirmed' })).toHaveCount(1);
  expect((await emulator.checkIns()).map((entry) => `${entry.ticket_id} ${entry.device_name}`)).toEqual([`${guests[0]!.ticketId} North gate 1`]);
  const listed = await cli('device:list');
  expect(listed).toContain('North gate 1');
  expect(listed).not.toContain(token);

  await cli('device:revoke', '--name', 'North gate 1');
  await checkIn(door.page, guests[1]!.ticketId); // still decided at the door, but the gateway refuses to send it
  await expect(door.page.getByTestId('device-revoked')).toContainText('withdrawn by the organiser');
  await expect(door.page.getByTestId('device-revoked')).toContainText('export them in Activity');
  const settings = await storedSettings(door.page);
  expect(settings.config.tonic.token).toBe('');
  expect(settings.config.runsignup?.apiSecret ?? '').toBe('');
  expect((await storedScans(door.page)).map((row) => `${row.ticketId} ${row.state}`)).toEqual([`${guests[0]!.ticketId} confirmed`, `${guests[1]!.ticketId} queued`]);
  await door.scan.expectWaiting(1);
  expect(await emulator.checkIns()).toHaveLength(1);
  await door.page.screenshot({ path: 'e2e/.artifacts/screens/gateway-revoked.png' });

  // No credential ever rode in a URL: not the device token, not the venue's upstream ones.
  for (const secret of [token, DEMO_TONIC_TOKEN, DEMO_RSU_API_SECRET]) expect(door.urls.filter((url) => url.includes(secret))).toEqual([]);
  await door.page.context().close();
});

test('two doors scan the same ticket a second apart: the second says "already in" at the first door, and it is sent once', async ({ browser, request }) => {
  const emulator = new Emulator(request);
  await emulator.reset();
  const north = await openDoor(browser, (await enrol('North gate 2')).link, 'North gate 2');
  const south = await openDoor(browser, (await enrol('South gate 2')).link, 'South gate 2');
  const shared = guests[2]!.ticketId; // one screenshot of one ticket, shown at both doors

  await checkIn(north.page, shared);
  await expect(north.scan.verdict).toContainText('Admitted');
  const admittedAt = Date.now();
  // The gateway pushes North's check-in to South, which must know within the second before its guest arrives.
  await expect
    .poll(() => south.page.evaluate((ticketId) => new Promise<string | null>((resolve) => {
      const open = indexedDB.open('doorlist');
      open.onsuccess = () => {
        const get = open.result.transaction('tickets', 'readonly').objectStore('tickets').get(ticketId);
        get.onsuccess = () => {
          open.result.close();
          resolve((get.result as { checkedInDoor?: string | null } | undefined)?.checkedInDoor ?? null);
        };
      };
    }), shared), { timeout: 5_000, intervals: [50] })
    .toBe('North gate 2');
  expect(Date.now() - admittedAt).toBeLessThan(1_000);

  await checkIn(south.page, shared);
  await expect(south.scan.verdict).toContainText('Already in');
  await expect(south.scan.verdict).toContainText('North gate 2');
  await south.page.screenshot({ path: 'e2e/.artifacts/screens/gateway-already-in-at-other-door.png' });
  await expect.poll(async () => (await emulator.checkIns()).filter((entry) => entry.ticket_id === shared).map((entry) => entry.device_name)).toEqual(['North gate 2']);
  await north.page.context().close();
  await south.page.context().close();
});

test('a booking note the gateway does not take yet waits, says so, and is sent once a ticket of its booking is checked in', async ({ browser, request }) => {
  const emulator = new Emulator(request);
  await emulator.reset();
  const tonicTickets = demoTickets().filter((ticket) => !ticket.cancelled && !/^\d+$/.test(ticket.ticketId)).slice(100);
  const booking = tonicTickets.find((ticket) => tonicTickets.filter((other) => other.purchaseObjectId === ticket.purchaseObjectId).length >= 2)?.purchaseObjectId;
  const [first, second] = tonicTickets.filter((ticket) => ticket.purchaseObjectId === booking);
  if (!first || !second) throw new Error('the demo data has no booking with two tickets');
  const door = await openDoor(browser, (await enrol('Gallery door')).link, 'Gallery door');
  await checkIn(door.page, first.ticketId);
  await expect(door.scan.recentScan({ ticket: first.ticketId, state: 'confirmed' })).toHaveCount(1);
  // The gateway forgets what it saw (as one upgraded from before it knew bookings, or whose reply from Tonic was lost).
  await gateway.reset((await gateway.gateway.gateway.store.listDevices()).map((device) => device.id));

  await door.scan.openScreen('Activity');
  const activity = new ActivityPage(door.page);
  await activity.showAllScans();
  await activity.addBookingNote(first.guestName, 'Needs step-free access');
  await expect(activity.bookingNote).toContainText('Waiting: the gateway takes a note once a ticket of this booking has been checked in.');
  await expect(activity.bookingNote).toHaveAttribute('data-state', 'queued');
  await door.page.screenshot({ path: 'e2e/.artifacts/screens/gateway-booking-note-waiting.png', fullPage: true });

  await activity.backToScanning();
  await checkIn(door.page, second.ticketId);
  await expect(door.scan.recentScan({ ticket: second.ticketId, state: 'confirmed' })).toHaveCount(1);
  await door.scan.openScreen('Activity');
  await expect(activity.bookingNote).toHaveAttribute('data-state', 'confirmed');
  const log = (await (await request.get('/__control/requests')).json()) as { requests: { method: string; path: string; status: number | null }[] };
  expect(log.requests.filter((entry) => entry.method === 'PATCH')).toEqual([{ method: 'PATCH', path: `/tonic/purchases/${first.purchaseObjectId}`, status: 200, answeredAt: expect.any(String) }]);
  await door.page.context().close();
});
