// Page model: Find a guest (/search).
import { expect, type Locator, type Page } from '@playwright/test';

export class SearchPage {
  readonly field: Locator;
  readonly results: Locator;
  readonly emptyDevice: Locator;
  readonly noMatch: Locator;

  constructor(private readonly page: Page) {
    this.field = page.getByLabel('Name, booking reference or ticket number');
    this.results = page.getByRole('list', { name: 'Guests found' }).getByTestId('guest-result');
    this.emptyDevice = page.getByTestId('search-empty-device');
    this.noMatch = page.getByTestId('search-none');
  }

  async expectOpen(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Find a guest' })).toBeVisible();
  }

  async search(text: string): Promise<void> {
    await this.field.fill(text);
  }

  result(ticketId: string): Locator {
    return this.page.locator(`[data-testid="guest-result"][data-ticket="${ticketId}"]`);
  }

  /** The result's own Check in / Check out button (its accessible name adds the guest's name). */
  scanButton(ticketId: string, action: 'Check in' | 'Check out' = 'Check in'): Locator {
    return this.result(ticketId).getByRole('button', { name: new RegExp(`^${action}\\b`) });
  }

  verdict(ticketId: string): Locator {
    return this.result(ticketId).getByTestId('guest-verdict');
  }

  presence(ticketId: string): Locator {
    return this.result(ticketId).getByTestId('guest-presence');
  }

  async setDirection(direction: 'In' | 'Out'): Promise<void> {
    await this.page.getByRole('radio', { name: direction }).click();
  }

  async addNote(ticketId: string, text: string): Promise<void> {
    await this.result(ticketId).getByRole('button', { name: 'Add a note to the booking' }).click();
    await this.result(ticketId).getByRole('textbox', { name: /Note on the booking/ }).fill(text);
    await this.result(ticketId).getByRole('button', { name: 'Save note' }).click();
    await expect(this.result(ticketId).getByTestId('note-saved')).toBeVisible();
  }
}
