// Page model: the scan screen (/).
import { expect, type Locator, type Page } from '@playwright/test';

export class ScanPage {
  readonly verdict: Locator;
  readonly waiting: Locator;
  readonly network: Locator;
  /** The whole sync pill: "Offline · 23 waiting", "Online · All sent 19:04". */
  readonly syncState: Locator;
  /** Verify online first: the neutral "Checking with the server…" shown before the verdict. */
  readonly checking: Locator;
  /** Verify online first: the line on the verdict saying whether the server answered. */
  readonly verdictCheck: Locator;
  /** The occurrence this door checks in, under the device name ("Tue 24 Nov 19:00"). */
  readonly occurrence: Locator;

  constructor(private readonly page: Page) {
    this.verdict = page.getByTestId('verdict');
    this.waiting = page.getByTestId('waiting-count');
    this.network = page.getByTestId('network-state');
    this.syncState = page.getByTestId('sync-state');
    this.checking = page.getByTestId('verdict-checking');
    this.verdictCheck = page.getByTestId('verdict-check');
    this.occurrence = page.getByTestId('door-occurrence');
  }

  /** Types a reference or ticket number and presses the button (Check in, or Check out in Out mode). */
  async typeTicket(text: string): Promise<void> {
    await this.page.getByLabel('Type a reference or ticket number').fill(text);
    await this.page.getByRole('button', { name: /^Check (in|out)$/ }).click();
  }

  async setDirection(direction: 'In' | 'Out'): Promise<void> {
    await this.page.getByRole('radio', { name: direction }).click();
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
