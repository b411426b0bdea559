// Page model: the "not set up" screen (/ on a new device), and setting up from a setup QR code held to its camera.
import { expect, type Locator, type Page } from '@playwright/test';

export class NotSetUpPage {
  readonly notice: Locator;
  /** What a setup QR will set, shown for confirmation before anything is stored. */
  readonly found: Locator;

  constructor(private readonly page: Page) {
    this.notice = page.getByTestId('not-set-up');
    this.found = page.getByTestId('setup-qr-found');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.notice).toContainText('This device is not set up yet');
  }

  async scanSetupQr(): Promise<void> {
    await this.page.getByRole('button', { name: 'Scan a setup QR code' }).click();
  }

  async useThisSetup(): Promise<void> {
    await this.page.getByRole('button', { name: 'Use this setup' }).click();
  }
}
