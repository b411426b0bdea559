// Page model: Activity (/activity): what waits to send, the problems to work through, every scan, export and import.
import { expect, type Download, type Locator, type Page } from '@playwright/test';

type ImportFile = string | { name: string; mimeType: string; buffer: Buffer };

export class ActivityPage {
  readonly heading: Locator;
  /** "Waiting to send": the outbox count. */
  readonly waiting: Locator;
  readonly backlog: Locator;
  readonly occurrences: Locator;
  readonly occurrence: Locator;
  readonly bookingNote: Locator;
  /** The rows of the list on show (Needs attention, or All scans). */
  readonly scans: Locator;
  readonly nothingNeedsAttention: Locator;
  readonly importOutcome: Locator;
  private readonly importFile: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Activity', level: 1 });
    this.waiting = page.getByTestId('activity-waiting');
    this.backlog = page.getByTestId('backlog-progress');
    this.occurrences = page.getByTestId('occurrences');
    this.occurrence = page.getByTestId('occurrence');
    this.bookingNote = page.getByTestId('booking-note');
    this.scans = page.getByTestId('activity-scan');
    this.nothingNeedsAttention = page.getByText('Nothing needs attention.');
    this.importOutcome = page.getByTestId('import-outcome');
    this.importFile = page.getByTestId('import-file');
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  /** The row of the scan whose text (ticket id, guest name) includes `text`. */
  scan(text: string): Locator {
    return this.scans.filter({ hasText: text });
  }

  async showAllScans(): Promise<void> {
    await this.page.getByRole('tab', { name: 'All scans' }).click();
  }

  async markHandled(text: string): Promise<void> {
    await this.scan(text).getByRole('button', { name: 'Mark handled' }).click();
  }

  /** Writes and saves a staff note on the booking of the scan whose text includes `text`. */
  async addBookingNote(text: string, note: string): Promise<void> {
    await this.scan(text).getByRole('button', { name: 'Add a note to the booking' }).click();
    await this.page.getByRole('textbox', { name: /Note on the booking/ }).fill(note);
    await this.page.getByRole('button', { name: 'Save note' }).click();
  }

  /** Exports the outbox and history as JSON; resolves with the downloaded file's path. */
  async exportJson(): Promise<string> {
    const download: Promise<Download> = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: 'Export scans (JSON)' }).click();
    return (await download).path();
  }

  /** Imports a file (a path, or a file made in the test); `importOutcome` then says what came in. */
  async importScans(file: ImportFile): Promise<void> {
    await this.importFile.setInputFiles(file);
  }

  async backToScanning(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to scanning' }).click();
  }
}
