// The 10,000-scan drain as staff see it: the built app, with the scan screen or Activity open while it sends. The engine
// drain (syncBench.ts) times the sync pass alone; here every screen's live queries run beside it, as on a phone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { DEMO_EVENT_ID, DEMO_TONIC_TOKEN, demoTickets } from '../server/demoData.ts';
import { buildSetupLink } from '../src/contracts/setupLink.ts';
import { failCamera } from '../e2e/support/cameraProbe.ts';
import { storedScans } from '../e2e/support/deviceDb.ts';
import { CHROMIUM_ARGS } from '../e2e/support/chromium.ts';
import { exportedVenueTime, offlineExportFile, type ExportedScanSpec } from '../e2e/support/scanExportFile.ts';
import { ActivityPage } from '../e2e/pages/ActivityPage.ts';
import { ScanPage } from '../e2e/pages/ScanPage.ts';
import { CHROMIUM_PATH } from './browser.ts';
import type { DemoServer } from './demoServer.ts';
import { deliveryCheck } from './deliveryCheck.ts';

export type AppDrainScreen = 'scan' | 'activity';

export interface AppDrainRun {
  screen: AppDrainScreen;
  seconds: number;
  lost: number;
  duplicated: number;
}

const STEP_TIMEOUT_MS = 120_000;

/** The scans of the engine drain: the demo tickets in rounds, one round per importing device, each (ticket, device, time) distinct. */
function backlog(scans: number): ExportedScanSpec[] {
  const ticketIds = demoTickets().map((ticket) => ticket.ticketId);
  const start = Date.parse('2026-11-24T14:00:00Z');
  return Array.from({ length: scans }, (_, index) => ({
    ticketId: ticketIds[index % ticketIds.length]!,
    deviceName: `Import door ${Math.floor(index / ticketIds.length) + 1}`,
    at: new Date(start + index * 1_000),
  }));
}

async function waitingOn(page: Page, screen: AppDrainScreen, count: number): Promise<void> {
  if (screen === 'activity') await expect(new ActivityPage(page).waiting).toHaveText(String(count), { timeout: STEP_TIMEOUT_MS });
  else await expect(new ScanPage(page).waiting).toHaveAttribute('data-waiting', String(count), { timeout: STEP_TIMEOUT_MS });
}

/**
 * One drain: a fresh device (persistent profile: IndexedDB on disk) is set up from a link, imports `scans` queued scans
 * on Activity while offline, shows `screen`, goes online, and is timed until its waiting count reads 0. Then the
 * emulator's log is checked: every scan once.
 */
export async function appDrainOnce(server: DemoServer, screen: AppDrainScreen, scans: number): Promise<AppDrainRun> {
  await server.reset();
  const userDataDir = mkdtempSync(join(tmpdir(), 'doorlist-app-drain-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], viewport: { width: 412, height: 860 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await failCamera(page, 'NotFoundError'); // a desk device: no camera decoding beside the drain
    const origin = server.origin;
    await page.goto(
      buildSetupLink(origin, { v: 1, deviceName: 'Drain desk', source: 'doorlist', venueTimeZone: 'Europe/London', tonic: { baseUrl: `${origin}/tonic`, token: DEMO_TONIC_TOKEN, eventId: DEMO_EVENT_ID } }),
    );
    await page.getByTestId('setup-done').waitFor();
    await page.getByRole('button', { name: 'Start scanning' }).click();
    const scan = new ScanPage(page);
    await scan.openScreen('Activity');
    const activity = new ActivityPage(page);
    const specs = backlog(scans);
    await context.setOffline(true);
    await activity.importScans({ name: 'backlog.json', mimeType: 'application/json', buffer: Buffer.from(offlineExportFile('Basement phone', specs)) });
    await expect(activity.importOutcome).toContainText(`(${scans} to send;`, { timeout: STEP_TIMEOUT_MS });
    await waitingOn(page, 'activity', scans);
    if (screen === 'scan') {
      await activity.backToScanning();
      await waitingOn(page, 'scan', scans);
    }
    const started = performance.now();
    await context.setOffline(false);
    await waitingOn(page, screen, 0);
    const seconds = (performance.now() - started) / 1000;

    // Waiting 0 is not done: a scan that ended failed has left the queue too. Every one must be confirmed or refused.
    const states: Record<string, number> = {};
    for (const row of await storedScans(page)) states[row.state] = (states[row.state] ?? 0) + 1;
    const settled = (states.confirmed ?? 0) + (states.rejected ?? 0);
    if (settled !== scans) throw new Error(`app drain, ${screen} open: only ${settled} of ${scans} scans were confirmed or rejected (${JSON.stringify(states)})`);
    const delivery = await deliveryCheck(server, { keys: specs.map((spec) => `${spec.ticketId}|${spec.deviceName}|${exportedVenueTime(spec.at)}`) });
    return { screen, seconds, lost: delivery.lost, duplicated: delivery.duplicated };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
