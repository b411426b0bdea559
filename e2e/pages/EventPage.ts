// Page model: Event (/event), where the door picks the occurrence it checks in.
import { expect, type Locator, type Page } from '@playwright/test';

export class EventPage {
  readonly heading: Locator;
  readonly occurrences: Locator;
  readonly current: Locator;
  readonly freshness: Locator;
  readonly empty: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Event', level: 1 });
    this.occurrences = page.getByTestId('event-occurrence');
    this.current = page.getByTestId('event-current');
    this.freshness = page.getByTestId('event-freshness');
    this.empty = page.getByTestId('event-empty');
  }

  /** One occurrence by its Tonic date (YYYY-MM-DD). */
  occurrence(date: string): Locator {
    return this.page.locator(`[data-testid="event-occurrence"][data-date="${date}"]`);
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  async choose(date: string): Promise<void> {
    await this.occurrence(date).click();
    await expect(this.occurrence(date)).toHaveAttribute('aria-pressed', 'true');
  }

  async back(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to scanning' }).click();
  }
}
