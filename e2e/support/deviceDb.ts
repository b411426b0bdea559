// Reads the device's IndexedDB from inside the page with the raw API, so tests check what is really stored.
import type { Page } from '@playwright/test';

export interface StoredScan {
  id: string;
  /** What was scanned or typed (ScanRow.payload). */
  payload: string;
  ticketId: string | null;
  state: string;
  input: string;
  scannedAt: string;
  venueTime: string;
  verdict: { kind: string };
  /** Sends tried and failed (src/db/tables.ts ScanRow). */
  attempts?: number;
}

/** A batch in flight (src/db/tables.ts LeaseRow): its scans stay queued, the lease names them. */
export interface StoredLease {
  batchId: string;
  scans: Array<{ id: string; ticketId: string | null }>;
  leaseUntil: number;
}

/** Every row of one object store of the `doorlist` database. */
async function storedRows<Row>(page: Page, store: string): Promise<Row[]> {
  return page.evaluate(
    (name) =>
      new Promise<Row[]>((resolve, reject) => {
        const open = indexedDB.open('doorlist');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name, 'readonly').objectStore(name).getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as Row[]);
          };
        };
      }),
    store,
  );
}

export const storedScans = (page: Page): Promise<StoredScan[]> => storedRows<StoredScan>(page, 'scans');

export const storedLeases = (page: Page): Promise<StoredLease[]> => storedRows<StoredLease>(page, 'leases');

/** One row of one object store of the `doorlist` database, by its key (undefined when there is none). */
export async function storedRow<Row>(page: Page, store: string, key: string): Promise<Row | undefined> {
  return page.evaluate(
    ({ name, id }) =>
      new Promise<Row | undefined>((resolve, reject) => {
        const open = indexedDB.open('doorlist');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name, 'readonly').objectStore(name).get(id);
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as Row | undefined);
          };
        };
      }),
    { name: store, id: key },
  );
}
