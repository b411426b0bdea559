// The guest list through the gateway (issue 12's proof): a door enrolled on a gateway downloads the list the gateway
// pulled from (emulated) DesignMyNight, learns a refund made upstream before doors at the next refresh, then goes
// offline. Through the fake camera a forged but well-formed Tonic code is refused, a guest this device never saw is
// admitted by name and a refunded ticket is refused; a typed reference of a never-scanned guest is found on the list.
// Back online, exactly the admitted scans reach Tonic, once each, and every scan is still on the device.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startGatewayOnEmulator, emulatorDmnConfig, type GatewayOnEmulator } from '../server/gateway/gatewayOnEmulator.ts';
import { VIDEO } from './fixtures/doorVideo.ts';
import { writeY4m } from './fixtures/y4m.ts';
import { failCamera } from './support/cameraProbe.ts';
import { CHROMIUM_ARGS, CHROMIUM_ENV, CHROMIUM_PATH, fakeCameraArgs } from './support/chromium.ts';
import { E2E_NOW } from './support/clock.ts';
import { storedRow, storedScans } from './support/deviceDb.ts';
import { plainTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { APP_ORIGIN } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const SCREENS = 'e2e/.artifacts/screens';
/** Well formed (a 24-hex booking, the demo's ticket type, ticket 1) but sold by nobody: a screenshot's forgery. */
const FORGED = 'f0f0f0f0f0f0f0f0f0f0f0f0.627cb97471209027347177dc.1';
const [first, listed, refunded, typed] = [plainTickets[0]!, plainTickets[7]!, plainTickets[14]!, plainTickets[21]!];

let gateway: GatewayOnEmulator;
let profile: string;
let video: string;
const startedAtMs = Date.now();
/** The gateway, the emulator and the page all live on E2E_NOW's day, running on in real time. */
const clockNow = () => new Date(E2E_NOW.getTime() + (Date.now() - startedAtMs));

test.beforeAll(async () => {
  profile = await mkdtemp(path.join(tmpdir(), 'doorlist-guestlist-door-'));
  video = path.join(profile, '..', `${path.basename(profile)}.y4m`);
  const shown = (text: string) => [
    { text, frames: 12 },
    { text: null, frames: 8 },
  ];
  await writeY4m(video, [...shown(FORGED), ...shown(listed.ticketId), ...shown(refunded.ticketId)], VIDEO);
});

test.afterAll(async () => {
  await gateway?.close();
  await rm(profile, { recursive: true, force: true });
  await rm(video, { force: true });
});

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
  await emulator.reset();
  const clockSet = await request.post('/__control/clock', { data: { now: clockNow().toISOString() } });
  expect(clockSet.ok()).toBe(true);
  gateway = await startGatewayOnEmulator({ emulatorUrl: APP_ORIGIN, distDir: process.env.E2E_DIST ?? 'dist', clock: clockNow, config: { dmn: emulatorDmnConfig(APP_ORIGIN), guestList: { refreshMinutes: 5, minimumAge: 'Over 18' } } });
  const service = gateway.gateway.gateway;
  const enrolled = await service.addDevice('North gate');

  // Before doors, online, camera off: the door downloads the gateway's list and checks one guest in by hand.
  let door = await launchDoor();
  await failCamera(door.page, 'NotFoundError');
  const setup = new SetupPage(door.page);
  await setup.open(service.setupLink(gateway.gateway.url, enrolled));
  await setup.expectDone('North gate');
  await setup.startScanning();
  const bar = door.page.getByTestId('guest-list-state');
  await expect(bar).toContainText(/Guest list: [\d,]+ tickets/, { timeout: 30_000 });
  let scan = new ScanPage(door.page);
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
  door = await launchDoor();
  await door.context.setOffline(true);
  await door.page.goto(gateway.gateway.url);
  scan = new ScanPage(door.page);
  await scan.expectCameraRunning();
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
