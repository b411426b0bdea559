// Page model: the scan screen (/).
import { expect, type Locator, type Page } from '@playwright/test';

export class ScanPage {
  readonly verdict: Locator;
  readonly waiting: Locator;
  readonly network: Locator;

  constructor(private readonly page: Page) {
    this.verdict = page.getByTestId('verdict');
    this.waiting = page.getByTestId('waiting-count');
    this.network = page.getByTestId('network-state');
  }

  recentScan(filter: { ticket?: string; verdict?: string; state?: string }): Locator {
    const attributes = [
      filter.ticket === undefined ? '' : `[data-ticket="${filter.ticket}"]`,
      filter.verdict === undefined ? '' : `[data-verdict="${filter.verdict}"]`,
      filter.state === undefined ? '' : `[data-state="${filter.state}"]`,
    ].join('');
    return this.page.locator(`[data-testid="recent-scan"]${attributes}`);
  }

  async expectCameraRunning(): Promise<void> {
    await expect(this.page.getByText(/Point the camera at the ticket's code/)).toBeVisible();
  }

  /** Opens another screen through the Menu button (its label as in src/app/routes.ts). */
  async openScreen(label: 'Find a guest' | 'Event' | 'Counts' | 'Activity' | 'Pre-doors check' | 'Settings'): Promise<void> {
    await this.page.getByRole('button', { name: 'Menu' }).click();
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${label}\\b`) }).click();
  }

  async expectWaiting(count: number): Promise<void> {
    await expect(this.waiting).toHaveAttribute('data-waiting', String(count));
  }
}
