// Page model: Counts (/counts): per occurrence, this device per hour, RunSignup counts, sending.
import { expect, type Locator, type Page } from '@playwright/test';

export class CountsPage {
  readonly heading: Locator;
  readonly waiting: Locator;
  readonly lastSent: Locator;
  readonly totals: Locator;
  readonly hours: Locator;
  readonly noHours: Locator;
  readonly windowCounts: Locator;
  readonly noWindowCounts: Locator;
  readonly backlog: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Counts', level: 1 });
    this.waiting = page.getByTestId('counts-waiting');
    this.lastSent = page.getByTestId('counts-last-sent');
    this.totals = page.getByTestId('counts-totals');
    this.hours = page.getByTestId('counts-hour');
    this.noHours = page.getByTestId('counts-hours-empty');
    this.windowCounts = page.getByTestId('counts-window');
    this.noWindowCounts = page.getByTestId('counts-runsignup-empty');
    this.backlog = page.getByTestId('backlog-progress');
  }

  /** The row of one venue hour, 'YYYY-MM-DD HH'. */
  hour(hour: string): Locator {
    return this.page.locator(`[data-testid="counts-hour"][data-hour="${hour}"]`);
  }

  occurrence(date: string): Locator {
    return this.page.locator(`[data-testid="counts-occurrence"][data-date="${date}"]`);
  }

  windowCount(ticketId: string): Locator {
    return this.page.locator(`[data-testid="counts-window"][data-ticket="${ticketId}"]`);
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }
}
