// Puts a guest list straight into the device's IndexedDB (the v7 tables), as a download or file import would leave it.
import type { Page } from '@playwright/test';
import type { DemoTicket } from '../../server/demoData.ts';
import { ticketSearchWords } from '../../src/db/ticketSearchWords.ts';
import type { GuestListRow, GuestListStateRow } from '../../src/db/tables.ts';
import type { GuestListEntry, GuestListMeta } from '../../src/guestlist/guestListEntry.ts';

/** The demo's event (the setup links' Tonic event id). */
export const DEMO_EVENT_ID = '60001c4569308525d873cbd7';

/** A demo ticket as the guest list lists it: the code's middle part is its ticket type. */
export function entryOf(ticket: DemoTicket, occurrence: string, change: Partial<GuestListEntry> = {}): GuestListEntry {
  const [purchaseId = '', middle = '', ref = '0'] = ticket.ticketId.split('.');
  return {
    key: `${purchaseId}.${Number(ref)}`,
    occurrence,
    purchaseId,
    ticketRef: Number(ref),
    code: null,
    ticketObjectId: ticket.objectId,
    purchaseRef: ticket.reference.split('-').slice(0, 2).join('-'),
    reference: ticket.reference.toUpperCase(),
    guestName: ticket.guestName,
    ticketType: ticket.ticketType,
    itemId: DEMO_EVENT_ID,
    subTypeId: middle,
    refunded: false,
    checkedIn: false,
    ...change,
  };
}

export function demoListMeta(occurrences: string[], change: Partial<GuestListMeta> = {}): GuestListMeta {
  return {
    eventId: DEMO_EVENT_ID,
    source: 'dmn',
    version: 1,
    occurrences,
    fetchedAt: new Date().toISOString(),
    size: 0,
    holdsNumbers: false,
    codeMiddle: 'subType',
    mapping: { listedConfirmed: 12, unlistedConfirmed: 0 },
    minimumAge: 'Over 18',
    ...change,
  };
}

/** The door's date as the app works it out with no occurrence chosen: today in the setup's venue time zone. */
export async function doorDate(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('doorlist');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('settings', 'readonly').objectStore('settings').get('device');
          request.onsuccess = () => {
            open.result.close();
            const row = request.result as { config: { venueTimeZone: string }; preferences?: { occurrenceDate?: string | null } };
            const chosen = row.preferences?.occurrenceDate;
            resolve(chosen ?? new Intl.DateTimeFormat('en-CA', { timeZone: row.config.venueTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Replaces the device's list: these entries (with their search words, as the app's middleware writes them) and this meta (null: no list). */
export async function putGuestList(page: Page, entries: GuestListEntry[], meta: GuestListMeta | null): Promise<void> {
  const rows: GuestListRow[] = entries.map((entry) => ({ ...entry, searchWords: ticketSearchWords(entry) }));
  const state: GuestListStateRow = {
    id: 'guestList',
    meta: meta ? { ...meta, size: entries.length } : null,
    origin: meta ? 'gateway' : null,
    syncedAt: meta?.fetchedAt ?? null,
    lastError: null,
    retryAt: null,
    localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 },
    localCodeMiddle: null,
  };
  await page.evaluate(
    ({ rows, state }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('doorlist');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction(['guestList', 'guestListState'], 'readwrite');
          const list = transaction.objectStore('guestList');
          list.clear();
          for (const row of rows) list.put(row);
          transaction.objectStore('guestListState').put(state);
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    { rows, state },
  );
}
