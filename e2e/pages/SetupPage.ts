// Page model: /setup#config=…
import { expect, type Locator, type Page } from '@playwright/test';

export class SetupPage {
  constructor(private readonly page: Page) {}

  async open(link: string): Promise<void> {
    await this.page.goto(link);
  }

  async expectDone(deviceName: string): Promise<void> {
    await expect(this.page.getByTestId('setup-done')).toContainText(deviceName);
  }

  /** A row of the setup screen's server check (after a setup is applied): 'tonic', 'runsignup' or 'guestList'. */
  serverCheck(id: 'tonic' | 'runsignup' | 'guestList'): Locator {
    return this.page.getByTestId('setup-server-check').locator(`[data-check="${id}"]`);
  }

  async expectError(text: RegExp | string): Promise<void> {
    await expect(this.page.getByTestId('setup-error')).toContainText(text);
  }

  async startScanning(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start scanning' }).click();
  }

  /** The service worker controls the page: from here on the app opens offline. */
  async waitForOfflineReady(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined);
  }
}
