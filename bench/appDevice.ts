// Drives the real app like staff would: open a setup link, start scanning; and reads what the device stored in IndexedDB.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DEMO_EVENT_ID, DEMO_TONIC_TOKEN } from '../server/demoData.ts';
import { buildSetupLink, type SetupConfig } from '../src/contracts/setupLink.ts';

export { storedScans, type StoredScan } from '../e2e/support/deviceDb.ts';

const SCREEN_TIMEOUT_MS = 30_000;

function deviceConfig(appOrigin: string, deviceName: string): SetupConfig {
  return {
    v: 1,
    deviceName,
    source: 'doorlist',
    venueTimeZone: 'Europe/London',
    tonic: { baseUrl: `${appOrigin}/tonic`, token: DEMO_TONIC_TOKEN, eventId: DEMO_EVENT_ID },
  };
}

/** A fresh device (new context: empty IndexedDB) with camera permission, phone-sized. */
export function newDeviceContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera'], viewport: { width: 412, height: 860 } });
}

/** Sets the device up and opens the scan screen; resolves once the camera runs (then the fake video plays from its start). */
export async function startScanning(page: Page, appOrigin: string, deviceName: string): Promise<void> {
  await page.goto(buildSetupLink(appOrigin, deviceConfig(appOrigin, deviceName)));
  await page.getByTestId('setup-done').waitFor({ timeout: SCREEN_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Start scanning' }).click();
  await page.getByText(/Point the camera at the ticket's code/).waitFor({ timeout: SCREEN_TIMEOUT_MS });
}
