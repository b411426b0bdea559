// A day of flaky Wi-Fi (issue 14): the venue's uplink dies but the Wi-Fi stays up, so the browser never says offline.
// The outage is a proxy between the browser and the demo server, cut and restored: not the browser's offline switch.
import { expect, test } from '@playwright/test';
import { buildSetupLink, type SetupConfig } from '../src/contracts/setupLink.ts';
import { E2E_PORT } from '../playwright.config.ts';
import { storedScans } from './support/deviceDb.ts';
import { expectDeliveredOnce } from './support/deliveries.ts';
import { checkInByHand, expectAdmittedLocally, openDoor, plainTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { deviceConfig } from './support/setupLinks.ts';
import { startCuttableProxy, type CuttableProxy } from './support/cuttableProxy.ts';
import { SetupPage } from './pages/SetupPage.ts';

/** The bound the issue sets: queued scans leave within 15 s of the network's return. */
const BACK_WITHIN_MS = 15_000;
/** Tries each scan makes during the outage before it ends: enough that the old backoff (to 5 min) would wait 16–32 s. */
const TRIES_DURING_OUTAGE = 5;

let proxy: CuttableProxy;
test.beforeEach(async () => {
  proxy = await startCuttableProxy(E2E_PORT);
});
test.afterEach(async () => {
  await proxy.close();
});

test("a dead uplink behind live Wi-Fi: the top bar says it can't reach the server, and every scan arrives once within 15 s of the return", async ({ page, request }) => {
  test.setTimeout(150_000);
  const emulator = new Emulator(request);
  await emulator.reset();
  const deviceName = 'Flaky wifi door';
  // The app, its service worker and its APIs all on the proxy's origin: when the proxy is cut, every request fails.
  const base = deviceConfig(deviceName);
  const config: SetupConfig = { ...base, tonic: { ...base.tonic, baseUrl: `${proxy.origin}/tonic` }, runsignup: base.runsignup && { ...base.runsignup, baseUrl: `${proxy.origin}/runsignup` } };
  const scan = await openDoor(page, deviceName, buildSetupLink(proxy.origin, config));
  await new SetupPage(page).waitForOfflineReady();
  await expect(scan.network).toHaveText('Online');

  await proxy.cut();
  const tickets = plainTickets.slice(40, 44).map((ticket) => ticket.ticketId);
  for (const ticket of tickets) {
    await checkInByHand(page, ticket);
    await expectAdmittedLocally(scan, ticket); // the verdict at once, as always
  }
  // The browser still says online; the top bar says what is true.
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  await expect(scan.network).toHaveText("Can't reach the server");
  await scan.expectWaiting(tickets.length);
  await expect(scan.syncState).toHaveAttribute('data-tone', 'bad');
  await expect(page.getByTestId('last-try')).toHaveText(/^last try (just now|\d+ s ago)$/);
  await expect(scan.syncState).toHaveText(/^✕Can't reach the server · 4 waiting · last try (just now|\d+ s ago)$/);
  await scan.syncState.screenshot({ path: 'e2e/.artifacts/screens/top-bar-cant-reach-server.png' });
  await page.screenshot({ path: 'e2e/.artifacts/screens/scan-cant-reach-server.png' });

  // The outage lasts until every scan has failed several times, so the backoff has grown: a state, not a sleep.
  const fewestTries = async () => {
    const tries = (await storedScans(page)).filter((row) => tickets.includes(row.ticketId ?? '')).map((row) => row.attempts ?? 0);
    return tries.length === tickets.length ? Math.min(...tries) : 0;
  };
  await expect.poll(fewestTries, { timeout: 90_000 }).toBeGreaterThanOrEqual(TRIES_DURING_OUTAGE);
  expect(await emulator.checkIns()).toEqual([]);

  await proxy.restore();
  const restoredAt = Date.now();
  await expect.poll(async () => (await emulator.checkIns()).map((entry) => entry.ticket_id).sort(), { timeout: BACK_WITHIN_MS }).toEqual([...tickets].sort());
  const tookMs = Date.now() - restoredAt;
  test.info().annotations.push({ type: 'sent after the return', description: `${tookMs} ms` });
  console.log(`flaky wifi: every queued scan arrived ${tookMs} ms after the network's return`);

  await expect(scan.network).toHaveText('Online');
  await scan.expectWaiting(0);
  await expect(page.getByTestId('last-try')).toHaveCount(0);
  expectDeliveredOnce(await emulator.checkIns(), await storedScans(page), tickets, { deviceName, allowOwnResends: false });
});
