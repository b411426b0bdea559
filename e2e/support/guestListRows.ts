// Puts a guest list straight into the device's IndexedDB (the v7 tables), as a download or file import would leave it.
import type { Page } from '@playwright/test';
import type { DemoTicket } from '../../server/demoData.ts';
import type { GuestListStateRow } from '../../src/db/tables.ts';
import type { GuestListEntry, GuestListMeta } from '../../src/model/guestListEntry.ts';
import { chunkRowsOf, entryCountsOf } from '../../src/guestlist/listStore.ts';
import { listState } from '../../src/testing/guestListFixtures.ts';
import { storedRow } from './deviceDb.ts';

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

/** A list read from its source at `fetchedAt` (the page's time: its age is counted on the page's clock). */
export function demoListMeta(occurrences: string[], fetchedAt: Date, change: Partial<GuestListMeta> = {}): GuestListMeta {
  return {
    eventId: DEMO_EVENT_ID,
    source: 'dmn',
    version: 1,
    occurrences,
    fetchedAt: fetchedAt.toISOString(),
    size: 0,
    holdsNumbers: false,
    codeMiddle: 'subType',
    mapping: { listedConfirmed: 12, unlistedConfirmed: 0 },
    minimumAge: 'Over 18',
    ...change,
  };
}

/** The page's time now (Playwright's clock when a spec installed one). */
export const pageNow = async (page: Page): Promise<Date> => new Date(await page.evaluate(() => Date.now()));

/** The door's date as the app works it out with no occurrence chosen: today in the setup's venue time zone. */
export async function doorDate(page: Page): Promise<string> {
  const settings = await storedRow<{ config: { venueTimeZone: string }; preferences?: { occurrenceDate?: string | null } }>(page, 'settings', 'device');
  if (!settings) throw new Error('the device is not set up');
  // The page's clock, not this process's: a spec may have put the page on another day (support/clock.ts).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings.config.venueTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(await pageNow(page));
  return settings.preferences?.occurrenceDate ?? today;
}

/** Replaces the device's list: these entries in chunk rows made by the app's own list store, and this meta (null: no list). */
export async function putGuestList(page: Page, entries: GuestListEntry[], meta: GuestListMeta | null): Promise<void> {
  const rows = chunkRowsOf(entries);
  const state: GuestListStateRow = listState(meta ? { ...meta, size: entries.length } : null, { entryCounts: entryCountsOf(entries) });
  await page.evaluate(
    ({ rows, state }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('doorlist');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction(['guestListChunks', 'guestListState'], 'readwrite');
          const list = transaction.objectStore('guestListChunks');
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
