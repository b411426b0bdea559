// The app served by the Doorlist gateway, under its production CSP: every screen, the camera decoder, the service worker,
// a check-in through /api; no CSP violation anywhere, and no secret in any URL the app requests.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_RSU_API_KEY, DEMO_RSU_API_SECRET, DEMO_TONIC_TOKEN } from '../server/demoData.ts';
import { startGatewayOnEmulator, type GatewayOnEmulator } from '../server/testing/gatewayOnEmulator.ts';
import { plainTickets } from './support/doorSession.ts';
import { Emulator } from './support/emulator.ts';
import { APP_ORIGIN } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const E2E_DIST = path.resolve(process.env.E2E_DIST ?? 'dist');
const MENU_SCREENS = ['Find a guest', 'Event', 'Counts', 'Activity', 'Pre-doors check', 'Settings'] as const;

let harness: GatewayOnEmulator;

test.beforeAll(async () => {
  // A real gateway process-in-the-test: its own port and database, the same build, the demo server's emulator upstream.
  harness = await startGatewayOnEmulator({ emulatorUrl: APP_ORIGIN, distDir: E2E_DIST, logSink: () => {} });
});
test.afterAll(async () => {
  await harness.close();
});
test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/**
 * Two witnesses: the page's `securitypolicyviolation` events, and the reports every context (page, decode worker,
 * service worker) sends to the gateway's report-uri. The page's console does not carry the browser's CSP messages.
 */
async function watchCsp(page: Page): Promise<{ pageViolations: () => Promise<Violation[]> }> {
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; source: string }[] = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: `${event.sourceFile}:${event.lineNumber}` });
    });
  });
  return { pageViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations) };
}

/**
 * Breaks the policy once on purpose (an inline script) and waits for its report: reports are sent as violations happen,
 * so once this one is in, any earlier one would be too. Returns every report but the canary.
 */
async function reportsBeforeCanary(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const canary = document.createElement('script');
    canary.textContent = 'window.__cspCanaryRan = true';
    document.head.append(canary);
  });
  await expect.poll(() => harness.gateway.cspReports.recent.some((report) => report.directive.startsWith('script-src') && report.blocked === 'inline')).toBe(true);
  return harness.gateway.cspReports.recent.filter((report) => report.blocked !== 'inline').map((report) => `${report.directive} blocked ${report.blocked} (${report.source})`);
}

test('every screen works under the gateway CSP, with the camera decoder, the service worker and a check-in through /api', async ({ page }) => {
  const csp = await watchCsp(page);
  harness.gateway.cspReports.recent.length = 0;
  const requested: string[] = [];
  page.context().on('request', (request) => requested.push(request.url()));

  const enrolled = await harness.gateway.gateway.addDevice('CSP door');
  const link = harness.gateway.gateway.setupLink(harness.gateway.url, enrolled);

  // Not set up yet: the start screen.
  await page.goto(`${harness.gateway.url}/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const policy = (await page.request.get(`${harness.gateway.url}/`)).headers()['content-security-policy'];
  expect(policy).toContain("connect-src 'self'");

  const setup = new SetupPage(page);
  await setup.open(link);
  await setup.expectDone('CSP door');
  await setup.startScanning();
  const scan = new ScanPage(page);
  // The fake camera plays door tickets: a verdict means the WebAssembly decoder and its worker ran under the CSP.
  await scan.expectCameraRunning();
  await expect(scan.verdict).toBeVisible();
  await setup.waitForOfflineReady();

  const guest = plainTickets[200]!;
  await scan.typeTicket(guest.ticketId);
  await expect(scan.recentScan({ ticket: guest.ticketId, state: 'confirmed' })).toHaveCount(1);
  const recorded = await harness.gateway.gateway.store.movementsAfter(0, 1000);
  expect(recorded.some((row) => row.ticketId === guest.ticketId && row.door === 'CSP door' && row.result === 'success')).toBe(true);

  for (const label of MENU_SCREENS) {
    await scan.openScreen(label);
    await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
    await page.getByRole('button', { name: 'Back to scanning' }).click();
    await scan.expectCameraRunning();
  }

  // A gateway door's setup is never shown as a QR (its device token is its own): Settings gives the organiser's enrol line.
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await settings.setPin('2468');
  await expect(page.getByTestId('pin-state')).toContainText('A PIN is set.');
  await expect(page.getByTestId('enrol-command')).toHaveText('npm run device:add -- --name "CSP door 2"');
  await expect(page.getByRole('button', { name: 'Show setup QR' })).toHaveCount(0);
  await expect(settings.setupQr).toHaveCount(0);

  // A reload comes from the service worker's cache, under the policy the worker was served with.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  expect(await csp.pageViolations()).toEqual([]);
  expect(await reportsBeforeCanary(page)).toEqual([]);
  expect(await page.evaluate(() => 'window.__cspCanaryRan' in window && (window as unknown as { __cspCanaryRan: boolean }).__cspCanaryRan)).toBe(false);

  // Only the gateway's origin, and no secret of any kind in a URL (the device token travels in headers only).
  expect(requested.filter((url) => !url.startsWith(harness.gateway.url) && !url.startsWith('data:'))).toEqual([]);
  for (const secret of [enrolled.token, DEMO_TONIC_TOKEN, DEMO_RSU_API_SECRET, DEMO_RSU_API_KEY]) {
    expect(requested.filter((url) => !url.includes('/setup#') && url.includes(secret)), secret).toEqual([]);
  }
});
