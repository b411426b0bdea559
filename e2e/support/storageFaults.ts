// Makes the device's storage fail inside the page the way a full disk does, to test what staff see when a scan is not saved.
import type { Page } from '@playwright/test';

/** From now on every write of a scan or a ticket throws QuotaExceededError; what is already stored stays readable. */
export async function failScanAndTicketWrites(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const method of ['add', 'put'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
        if (this.name === 'scans' || this.name === 'tickets') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
}
