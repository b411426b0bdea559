// Page model: the pre-doors check (/check).
import { expect, type Locator, type Page } from '@playwright/test';

export type CheckId = 'camera' | 'storage' | 'clock' | 'tonic' | 'runsignup' | 'eventData' | 'guestList' | 'waiting';
export type CheckStatus = 'ok' | 'warn' | 'bad' | 'unknown' | 'checking';

export const CHECK_IDS: readonly CheckId[] = ['camera', 'storage', 'clock', 'tonic', 'runsignup', 'eventData', 'guestList', 'waiting'];

export class PreDoorsPage {
  readonly summary: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.summary = page.getByTestId('check-summary');
    this.rows = page.getByRole('list', { name: 'Checks' }).getByTestId('check-row');
  }

  row(id: CheckId): Locator {
    return this.page.locator(`[data-testid="check-row"][data-check="${id}"]`);
  }

  /** Every check has answered (the summary no longer says "Checking"). */
  async waitForAnswers(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Pre-doors check' })).toBeVisible();
    await expect(this.summary).not.toHaveAttribute('data-status', 'checking', { timeout: 30_000 });
  }

  async expectRow(id: CheckId, status: CheckStatus, text?: string | RegExp): Promise<void> {
    await expect(this.row(id)).toHaveAttribute('data-status', status);
    if (text !== undefined) await expect(this.row(id)).toContainText(text);
  }

  async checkAgain(): Promise<void> {
    await this.page.getByRole('button', { name: 'Check again' }).click();
    await this.waitForAnswers();
  }

  /** The device has cached Tonic occurrences (the first sync pass fetches them): the event-data row can be green. */
  async waitForEventData(): Promise<void> {
    await expect
      .poll(() =>
        this.page.evaluate(
          () =>
            new Promise<string | null>((resolve, reject) => {
              const open = indexedDB.open('doorlist');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const request = open.result.transaction('syncStatus', 'readonly').objectStore('syncStatus').get('sync');
                request.onerror = () => reject(request.error);
                request.onsuccess = () => {
                  open.result.close();
                  resolve((request.result as { lastOccurrencesAt?: string | null } | undefined)?.lastOccurrencesAt ?? null);
                };
              };
            }),
        ),
      )
      .not.toBeNull();
  }
}
