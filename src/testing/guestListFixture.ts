// Guest-list rows and state for tests: entries as DesignMyNight's list gives them, written straight into the v7 tables.
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListStateRow } from '../db/tables.ts';
import type { GuestListEntry, GuestListMeta } from '../guestlist/guestListEntry.ts';
import { parseGuestQuery } from '../checkin/searchGuests.ts';
import { ticketSearchWords } from '../db/ticketSearchWords.ts';
import { addEntries, clearEntries, entriesByKey, entryCountsOf, guestListScope, searchEntries } from '../guestlist/listStore.ts';

export const LIST_EVENT = '627cb97471209027347177dc';
export const LIST_SUBTYPE = '627cb9747120902734717700';
export const LIST_PURCHASE = '627e095671209038d339a182';

/** The Tonic code of a listed ticket whose code's middle part is the event. */
export const codeFor = (purchaseId: string, ticketRef: number, middle = LIST_EVENT): string => `${purchaseId}.${middle}.${ticketRef}`;

export function listEntry(change: Partial<GuestListEntry> = {}): GuestListEntry {
  const purchaseId = change.purchaseId ?? LIST_PURCHASE;
  const ticketRef = change.ticketRef ?? 1;
  return {
    key: `${purchaseId}.${ticketRef}`,
    occurrence: '2026-11-24',
    purchaseId,
    ticketRef,
    code: null,
    ticketObjectId: null,
    purchaseRef: 'DMN-7930721728',
    reference: `DMN-7930721728-${ticketRef}`,
    guestName: 'Adina Okafor',
    ticketType: 'Standing',
    itemId: LIST_EVENT,
    subTypeId: LIST_SUBTYPE,
    refunded: false,
    checkedIn: false,
    ...change,
  };
}

export function listMeta(change: Partial<GuestListMeta> = {}): GuestListMeta {
  return {
    eventId: LIST_EVENT,
    source: 'dmn',
    version: 1,
    occurrences: ['2026-11-24'],
    fetchedAt: '2026-11-24T18:30:00.000Z',
    size: 1,
    holdsNumbers: false,
    codeMiddle: null,
    mapping: { listedConfirmed: 1, unlistedConfirmed: 0 },
    minimumAge: null,
    ...change,
  };
}

export function listState(meta: GuestListMeta | null, change: Partial<GuestListStateRow> = {}): GuestListStateRow {
  return {
    id: 'guestList',
    meta,
    origin: meta ? 'gateway' : null,
    syncedAt: meta?.fetchedAt ?? null,
    lastError: null,
    retryAt: null,
    localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 },
    localCodeMiddle: null,
    entryCounts: {},
    ...change,
  };
}

/** Replaces the device's list with these entries and this state (the rows get their search words on the way in). */
export async function putGuestList(db: DoorlistDatabase, entries: GuestListEntry[], state: GuestListStateRow): Promise<void> {
  await db.transaction('rw', guestListScope(db), db.guestListState, async () => {
    await clearEntries(db);
    await addEntries(db, entries);
    await db.guestListState.put({ ...state, entryCounts: entryCountsOf(entries) });
  });
}

/** The entry listed under this key on this date, through the list store's key index (undefined: not listed). */
export async function entryOn(db: DoorlistDatabase, occurrence: string, key: string): Promise<GuestListEntry | undefined> {
  return (await entriesByKey(db, key)).find((entry) => entry.occurrence === occurrence);
}

/** The entries Find a guest's word index gives for a word: one of the guest's words `equals` it or `startsWith` it. */
export async function entriesWithWord(db: DoorlistDatabase, word: string, match: 'equals' | 'startsWith'): Promise<GuestListEntry[]> {
  const found = await searchEntries(db, parseGuestQuery(word)!, word, 100_000);
  return [...found.values()].filter((entry) => ticketSearchWords(entry).some((own) => (match === 'equals' ? own === word : own.startsWith(word))));
}
