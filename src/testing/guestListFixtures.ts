// Guest-list entries, list state and gateway replies for tests: named entries written into the device's chunk table
// (through listStore.ts, as the app writes them), numbered entries, and wire replies built with the real encoder.
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListStateRow } from '../db/tables.ts';
import { encodeEntry, type GuestListEntry, type GuestListMeta } from '../model/guestListEntry.ts';
import { parseGuestQuery } from '../door/searchGuests.ts';
import { ticketSearchWords } from '../db/ticketSearchWords.ts';
import { addEntries, clearEntries, entriesByKey, entryCountsOf, guestListScope, searchEntries } from '../guestlist/listStore.ts';

export const LIST_EVENT_ID = 'e';

/** The n-th ticket of a made-up list: purchase ids and refs derived from n, a name to search by. */
export function entryFixture(n: number, patch: Partial<GuestListEntry> = {}): GuestListEntry {
  const purchaseId = n.toString(16).padStart(24, '0');
  return {
    key: `${purchaseId}.1`,
    occurrence: '2026-11-24',
    purchaseId,
    ticketRef: 1,
    code: null,
    ticketObjectId: (n + 1_000_000).toString(16).padStart(24, '0'),
    purchaseRef: `DMN-${1000 + n}`,
    reference: `DMN-${1000 + n}-1`,
    guestName: `Guest Number${n}`,
    ticketType: 'General admission',
    itemId: 'a'.repeat(24),
    subTypeId: 'b'.repeat(24),
    refunded: false,
    checkedIn: false,
    ...patch,
  };
}

export function metaFixture(patch: Partial<GuestListMeta> = {}): GuestListMeta {
  return {
    eventId: LIST_EVENT_ID,
    source: 'dmn',
    version: 1,
    occurrences: ['2026-11-24'],
    fetchedAt: '2026-11-24T18:55:00.000Z',
    size: 0,
    holdsNumbers: false,
    codeMiddle: null,
    mapping: { listedConfirmed: 0, unlistedConfirmed: 0 },
    minimumAge: null,
    ...patch,
  };
}

export interface WireReplyParts {
  version: number;
  full: boolean;
  meta: GuestListMeta | null;
  puts?: GuestListEntry[];
  dels?: Array<{ key: string; occurrence: string }>;
  /** The head's `error` (the gateway's last refresh error); left out when undefined. */
  error?: string | null;
  /** Leave the end line out (a cut stream). */
  noEnd?: boolean;
}

/** The NDJSON a gateway sends for these parts. */
export function wireReply({ version, full, meta, puts = [], dels = [], error, noEnd = false }: WireReplyParts): string {
  const lines = [
    JSON.stringify({ t: 'head', version, full, meta, ...(error === undefined ? {} : { error }) }),
    ...puts.map((entry) => JSON.stringify(encodeEntry(entry))),
    ...dels.map((del) => JSON.stringify({ t: 'del', ...del })),
    ...(noEnd ? [] : [JSON.stringify({ t: 'end', version, puts: puts.length, dels: dels.length })]),
  ];
  return `${lines.join('\n')}\n`;
}

/** A body streamed in chunks of `chunkSize` characters (lines cut anywhere), as a network delivers it. */
export function chunkedBody(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

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

/** A list of the named entries above: one ticket, read at 18:30 on 24 Nov, its mapping confirmed by one check-in. */
export const listMeta = (change: Partial<GuestListMeta> = {}): GuestListMeta =>
  metaFixture({ eventId: LIST_EVENT, fetchedAt: '2026-11-24T18:30:00.000Z', size: 1, mapping: { listedConfirmed: 1, unlistedConfirmed: 0 }, ...change });

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
