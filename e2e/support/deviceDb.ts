// Reads the device's IndexedDB from inside the page with the raw API, so tests check what is really stored.
import type { Page } from '@playwright/test';

export interface StoredScan {
  id: string;
  ticketId: string | null;
  state: string;
  input: string;
  scannedAt: string;
  venueTime: string;
  verdict: { kind: string };
}

export async function storedScans(page: Page): Promise<StoredScan[]> {
  return page.evaluate(
    () =>
      new Promise<StoredScan[]>((resolve, reject) => {
        const open = indexedDB.open('doorlist');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('scans', 'readonly').objectStore('scans').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as StoredScan[]);
          };
        };
      }),
  );
}
