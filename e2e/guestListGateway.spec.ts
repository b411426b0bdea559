// The guest list through the gateway (issue 12's proof): a door enrolled on a gateway downloads the list the gateway
// pulled from (emulated) DesignMyNight, learns a refund made upstream before doors at the next refresh, then goes
// offline. Through the fake camera a forged but well-formed Tonic code is refused, a guest this device never saw is
// admitted by name and a refunded ticket is refused; a typed reference of a never-scanned guest is found on the list.
// Back online, exactly the admitted scans reach Tonic, once each, and every scan is still on the device.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_EVENT_ID } from '../server/demoData.ts';
import { importGuestFile } from '../server/gateway/guestList/importCommand.ts';
import { emulatorDmnConfig } from '../server/demoSetupConfig.ts';
import { startGatewayOnEmulator, type GatewayOnEmulator } from '../server/testing/gatewayOnEmulator.ts';
import { VIDEO } from './fixtures/doorVideo.ts';
import { writeY4m } from './fixtures/y4m.ts';
import { failCamera } from './support/cameraProbe.ts';
import { CHROMIUM_ARGS, CHROMIUM_ENV, CHROMIUM_PATH, fakeCameraArgs } from './support/chromium.ts';
import { E2E_NOW, venueDateAt } from './support/clock.ts';
import { storedRow, storedScans } from './support/deviceDb.ts';
import { plainTickets, runsignupTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { APP_ORIGIN } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const SCREENS = 'e2e/.artifacts/screens';
/** Well formed (a 24-hex booking, the demo's ticket type, ticket 1) but sold by nobody: a screenshot's forgery. */
const FORGED = 'f0f0f0f0f0f0f0f0f0f0f0f0.627cb97471209027347177dc.1';
const [first, listed, refunded, typed] = [plainTickets[0]!, plainTickets[7]!, plainTickets[14]!, plainTickets[21]!];

let gateway: GatewayOnEmulator | null = null;
let profile: string;
let video: string;
const startedAtMs = Date.now();
/** The gateway, the emulator and the page all live on E2E_NOW's day, running on in real time. */
const clockNow = () => new Date(E2E_NOW.getTime() + (Date.now() - startedAtMs));

test.beforeEach(async () => {
  profile = await mkdtemp(path.join(tmpdir(), 'doorlist-guestlist-door-'));
  video = path.join(profile, '..', `${path.basename(profile)}.y4m`);
});

test.afterEach(async () => {
  await gateway?.close();
  gateway = null;
  await rm(profile, { recursive: true, force: true });
  await rm(video, { force: true });
});

/** The fake camera's queue for this test's door: each code 1.2 s in view, 0.8 s of empty scene between. */
async function writeQueue(codes: string[]): Promise<void> {
  await writeY4m(video, codes.flatMap((text) => [
    { text, frames: 12 },
    { text: null, frames: 8 },
  ]), VIDEO);
}

/** The emulator on this test's day, and a gateway in front of it pulling its guest list (or, `fromDmn` false, none). */
async function startGateway(request: APIRequestContext, fromDmn = true): Promise<GatewayOnEmulator> {
  await new Emulator(request).reset();
  expect((await request.post('/__control/clock', { data: { now: clockNow().toISOString() } })).ok()).toBe(true);
  gateway = await startGatewayOnEmulator({ emulatorUrl: APP_ORIGIN, distDir: process.env.E2E_DIST ?? 'dist', clock: clockNow, config: { ...(fromDmn ? { dmn: emulatorDmnConfig(APP_ORIGIN) } : {}), guestList: { refreshMinutes: 5, minimumAge: 'Over 18' } } });
  return gateway;
}

/** Set up from the gateway's link with the camera off, on the scan screen once the list is on the device. */
async function enrolDoor(started: GatewayOnEmulator, name: string): Promise<{ context: BrowserContext; page: Page; scan: ScanPage }> {
  const service = started.gateway.gateway;
  const door = await launchDoor();
  await failCamera(door.page, 'NotFoundError');
  const setup = new SetupPage(door.page);
  await setup.open(service.setupLink(started.gateway.url, await service.addDevice(name)));
  await setup.expectDone(name);
  await setup.startScanning();
  await expect(door.page.getByTestId('guest-list-state')).toContainText(/Guest list: [\d,]+ tickets/, { timeout: 30_000 });
  return { ...door, scan: new ScanPage(door.page) };
}

/** The same door again with the network gone: the app from its service worker, the camera reading the queue. */
async function reopenOffline(started: GatewayOnEmulator): Promise<{ context: BrowserContext; page: Page; scan: ScanPage }> {
  const door = await launchDoor();
  await door.context.setOffline(true);
  await door.page.goto(started.gateway.url);
  const scan = new ScanPage(door.page);
  await scan.expectCameraRunning();
  return { ...door, scan };
}

async function launchDoor(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    env: CHROMIUM_ENV,
    args: [...CHROMIUM_ARGS, ...fakeCameraArgs(video)],
    permissions: ['camera'],
    viewport: { width: 412, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.clock.install({ time: clockNow() });
  return { context, page };
}

test('a door holding the gateway\'s list refuses a forged code and a refunded ticket offline, admits never-seen guests by name, and sends exactly those', async ({ request }) => {
  test.setTimeout(180_000);
  const emulator = new Emulator(request);
  await writeQueue([FORGED, listed.ticketId, refunded.ticketId]);
  const started = await startGateway(request);
  const service = started.gateway.gateway;

  // Before doors, online, camera off: the door downloads the gateway's list and checks one guest in by hand.
  let door = await enrolDoor(started, 'North gate');
  let { scan } = door;
  await scan.typeTicket(first.ticketId);
  await expect(scan.verdict).toContainText(first.guestName);
  await expect(scan.recentScan({ ticket: first.ticketId, state: 'confirmed' })).toHaveCount(1, { timeout: 15_000 });

  // The box office refunds a ticket; the gateway's next refresh has it, and the door's next refresh (each minute) too.
  expect((await request.post('/__control/refund', { data: { ticketId: refunded.ticketId } })).ok()).toBe(true);
  await service.guestList.refreshNow();
  const gatewayVersion = (await service.store.guestListState())?.version;
  await door.page.clock.fastForward('01:05');
  await expect
    .poll(async () => (await storedRow<{ meta: { version: number } | null }>(door.page, 'guestListState', 'guestList'))?.meta?.version, { timeout: 20_000 })
    .toBe(gatewayVersion);
  await door.context.close();


  // Doors open and the network is gone: the app comes from its service worker, the camera reads the queue.
  door = await reopenOffline(started);
  ({ scan } = door);
  await expect(scan.recentScan({ ticket: FORGED, verdict: 'notOnList' }).first()).toBeVisible({ timeout: 30_000 });
  await expect(scan.recentScan({ ticket: listed.ticketId, verdict: 'admitted' })).toHaveCount(1, { timeout: 30_000 });
  await expect(scan.recentScan({ ticket: refunded.ticketId, verdict: 'refunded' }).first()).toBeVisible({ timeout: 30_000 });
  await expect(scan.verdict).toContainText('Not on the guest list', { timeout: 30_000 });
  await door.page.screenshot({ path: `${SCREENS}/guestlist-gateway-forged.png` });
  await door.page.getByRole('button', { name: 'Pause camera' }).click();

  // A guest without their ticket: the reference they read out is found on the list, never seen here before.
  await scan.typeTicket(typed.reference);
  await expect(scan.verdict).toContainText(typed.guestName);
  await expect(scan.verdict).toContainText('Check ID: Over 18');
  await door.page.screenshot({ path: `${SCREENS}/guestlist-gateway-typed-reference.png` });
  const offline = await storedScans(door.page);
  const listedScan = offline.find((row) => row.ticketId === listed.ticketId && row.verdict.kind === 'admitted');
  expect((listedScan?.verdict as { guest?: { name: string } } | undefined)?.guest?.name).toBe(listed.guestName);
  expect(offline.find((row) => row.payload === typed.reference)?.ticketId).toBe(typed.ticketId);
  expect(offline.filter((row) => row.ticketId === FORGED || row.ticketId === refunded.ticketId).every((row) => row.state === 'local')).toBe(true);
  expect(await emulator.checkIns()).toHaveLength(1);

  // Back online: exactly the admitted scans go, once each; nothing on the device is lost.
  await door.context.setOffline(false);
  await expect
    .poll(async () => (await emulator.checkIns()).map((entry) => entry.ticket_id).sort(), { timeout: 30_000 })
    .toEqual([first.ticketId, listed.ticketId, typed.ticketId].sort());
  const after = await storedScans(door.page);
  expect(after.map((row) => row.id).sort()).toEqual(expect.arrayContaining(offline.map((row) => row.id)));
  expect(after.filter((row) => row.state !== 'local').map((row) => `${row.ticketId} ${row.state}`).sort()).toEqual(
    [first.ticketId, listed.ticketId, typed.ticketId].map((ticketId) => `${ticketId} confirmed`).sort(),
  );
  await door.context.close();
});

test('with the box office\'s file on the gateway (it lists ticket numbers), an unknown number is refused offline and a listed one admitted by name', async ({ request }) => {
  test.setTimeout(180_000);
  const emulator = new Emulator(request);
  const [numbered, unlisted] = [runsignupTickets[0]!, runsignupTickets[1]!];
  await writeQueue([unlisted.ticketId, numbered.ticketId]);
  const started = await startGateway(request, false); // the file is this venue's only list
  const today = venueDateAt(clockNow());
  const file = path.join(profile, '..', `${path.basename(profile)}.csv`);
  await writeFile(file, ['code,name,ticket_type', ...[numbered, ...plainTickets.slice(0, 3)].map((ticket) => `${ticket.ticketId},${ticket.guestName},${ticket.ticketType}`)].join('\n'));
  // What `npm run guests:import` runs (its command line is tested in server/gateway/guestList/configAndImport.test.ts),
  // here in-process on this test's day: the list's age counts from the import, on the same clock as the door's.
  const printed: string[] = [];
  const code = await importGuestFile(started.gateway.gateway.store, { file, occurrence: today, eventId: DEMO_EVENT_ID, at: clockNow().toISOString() }, { out: (line) => printed.push(line), err: (line) => printed.push(line) });
  await rm(file, { force: true });
  expect(code, printed.join('\n')).toBe(0);
  expect(printed.join('\n')).toContain('4 tickets on the list (4 added, 0 changed, 0 removed)');

  const door = await enrolDoor(started, 'Run gate');
  await expect(door.page.getByTestId('guest-list-state')).toContainText('Guest list: 4 tickets');
  await door.context.close();
  const offline = await reopenOffline(started);
  await expect(offline.scan.recentScan({ ticket: unlisted.ticketId, verdict: 'notOnList' }).first()).toBeVisible({ timeout: 30_000 });
  await expect(offline.scan.recentScan({ ticket: numbered.ticketId, verdict: 'admitted' })).toHaveCount(1, { timeout: 30_000 });
  await offline.page.getByRole('button', { name: 'Pause camera' }).click();
  const stored = await storedScans(offline.page);
  expect((stored.find((row) => row.ticketId === numbered.ticketId)?.verdict as { guest?: { name: string } }).guest?.name).toBe(numbered.guestName);

  await offline.context.setOffline(false);
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => entry.ticket_id), { timeout: 30_000 }).toEqual([numbered.ticketId]);
  await offline.context.close();
});
