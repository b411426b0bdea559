// The guest list on this device (issue 12): whole lists and deltas written with the list's state row, so a failure or
// a cut download never leaves a list the state row does not describe (a first list and a delta go in parts, see each).
// Callers: the gateway and DMN refreshes and the file import (src/guestlist/*), a new setup (src/engine/applySetup.ts).
import { toVenueTime } from '../api/venueTime.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListOrigin, GuestListStateRow } from '../db/tables.ts';
import type { DevicePreferences } from '../settings/preferences.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import type { GuestListEntry, GuestListMeta } from '../model/guestListEntry.ts';
import { listedByPlainCode } from '../model/matchCode.ts';
import { addCounts, addEntries, applyEntryChanges, clearEntries, entryCountsOf, entryId, guestListScope, readAllEntries } from './listStore.ts';

export const GUEST_LIST_STATE_ID = 'guestList';

export const emptyGuestListState = (): GuestListStateRow => ({
  id: GUEST_LIST_STATE_ID,
  meta: null,
  origin: null,
  syncedAt: null,
  lastError: null,
  retryAt: null,
  localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 },
  localCodeMiddle: null,
  entryCounts: {},
});

export async function readGuestListState(db: DoorlistDatabase): Promise<GuestListStateRow> {
  return (await db.guestListState.get(GUEST_LIST_STATE_ID)) ?? emptyGuestListState();
}

/** Until this hour of the venue's morning, a night's list still counts as the door's (see doorOccurrenceOf). */
export const NIGHT_ENDS_HOUR = 6;

/**
 * The occurrence this door checks in: the one chosen on the Event screen, else today's date on the venue calendar. The
 * list is fetched for it, the top bar counts its tickets and the door decides with it. A night goes on past midnight:
 * before NIGHT_ENDS_HOUR, a door with no date chosen whose list (`listDates`) holds yesterday but not today is still
 * checking in yesterday's night, so its guests are not refused as "Ticket for another date".
 */
export function doorOccurrenceOf(
  config: Pick<SetupConfig, 'venueTimeZone'>,
  preferences: Pick<DevicePreferences, 'occurrenceDate'>,
  now: Date,
  listDates: readonly string[] = [],
): string {
  if (preferences.occurrenceDate) return preferences.occurrenceDate;
  const venueNow = toVenueTime(now, config.venueTimeZone);
  const today = venueNow.slice(0, 10);
  if (Number(venueNow.slice(11, 13)) >= NIGHT_ENDS_HOUR || listDates.includes(today)) return today;
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return listDates.includes(yesterday) ? yesterday : today;
}

/**
 * The meta of a list this device read itself (DesignMyNight directly, or a file): version 0, nothing learned yet.
 * `occurrences` are the dates read (a date read with no tickets is still a list for it). A plain code that is not a
 * Tonic code (a RunSignup number from a file) makes its date one whose numbers the list covers.
 */
export function ownListMeta(eventId: string, source: GuestListMeta['source'], entries: readonly GuestListEntry[], occurrences: readonly string[], fetchedAt: string): GuestListMeta {
  const numberDates = [...new Set(entries.filter(listedByPlainCode).map((entry) => entry.occurrence))].sort();
  return {
    eventId,
    source,
    version: 0,
    occurrences: [...occurrences].sort(),
    fetchedAt,
    size: entries.length,
    holdsNumbers: numberDates.length > 0,
    numberDates,
    codeMiddle: null,
    mapping: { listedConfirmed: 0, unlistedConfirmed: 0 },
    minimumAge: null,
  };
}

export interface StoredList {
  meta: GuestListMeta;
  origin: GuestListOrigin;
  /** When this device stored it (ISO). */
  syncedAt: string;
}

/**
 * A first list is written in transactions of this many entries (chunks of listStore.ts), a first list's state row with
 * the last: the door's scan reads the list in its own transaction, which would otherwise wait for the whole write.
 */
export const FIRST_LIST_CHUNK = 5_000;

/** The fields of an entry (not the search words, which follow the name). */
const ENTRY_FIELDS = ['key', 'occurrence', 'purchaseId', 'ticketRef', 'code', 'ticketObjectId', 'purchaseRef', 'reference', 'guestName', 'ticketType', 'itemId', 'subTypeId', 'refunded', 'checkedIn'] as const satisfies ReadonlyArray<keyof GuestListEntry>;
const sameEntry = (a: GuestListEntry, b: GuestListEntry) => ENTRY_FIELDS.every((field) => a[field] === b[field]);

/** What turns the stored rows into `entries`: the entries that are new or differ, and the rows no longer listed. */
export function listChanges(stored: readonly GuestListEntry[], entries: readonly GuestListEntry[]): { puts: GuestListEntry[]; dels: Array<[string, string]> } {
  const before = new Map(stored.map((row) => [entryId(row), row]));
  const puts: GuestListEntry[] = [];
  for (const entry of entries) {
    const id = entryId(entry);
    const row = before.get(id);
    if (row === undefined || !sameEntry(row, entry)) puts.push(entry);
    before.delete(id);
  }
  return { puts, dels: [...before.values()].map((row): [string, string] => [row.occurrence, row.key]) };
}

/** The same list state (no other writer stored a list in between): compared before writing what was worked out. */
const sameStamp = (a: GuestListStateRow, b: GuestListStateRow) => a.syncedAt === b.syncedAt && a.origin === b.origin && a.meta?.version === b.meta?.version;

/**
 * Replaces the whole list. Over a list the door holds, only the chunks holding entries that changed are rewritten, with
 * the state row, in one transaction (a 10-minute DesignMyNight refresh of an unchanged list writes nothing but its
 * state). A first list goes in parts, the state row last: until that row names it, the door has no list (nothing is
 * refused by it), and a failure half-way leaves no list, as before.
 */
export async function replaceGuestList(db: DoorlistDatabase, entries: readonly GuestListEntry[], stored: StoredList): Promise<void> {
  const before = await readListInPages(db);
  // A file staff imported on this door is never replaced by a download (only by another file, or "Stop using").
  const overFile = (state: GuestListStateRow) => state.origin === 'file' && stored.origin !== 'file';
  if (overFile(before.state)) return;
  const entryCounts = entryCountsOf(entries);
  const nextState = (state: GuestListStateRow): GuestListStateRow => ({ ...state, meta: { ...stored.meta, size: entries.length }, origin: stored.origin, syncedAt: stored.syncedAt, lastError: null, retryAt: null, entryCounts });
  if (before.state.meta === null) {
    await writeFirstList(db, entries, nextState);
    return;
  }
  const { puts, dels } = listChanges(before.rows, entries);
  await db.transaction('rw', guestListScope(db), db.guestListState, async () => {
    const state = await readGuestListState(db);
    if (overFile(state)) return; // imported while this download was read
    if (sameStamp(state, before.state)) {
      await applyEntryChanges(db, puts, dels.map(([occurrence, key]) => ({ occurrence, key })));
    } else {
      // Another writer changed the list since it was read (another tab): the whole list, as it is now decided.
      await clearEntries(db);
      await addEntries(db, entries);
    }
    await db.guestListState.put(nextState(state));
  });
}

/**
 * The stored entries, read in pages in short transactions (a scan's transaction never waits for one long read), with
 * the state they belong to. Entries read across another writer's change are caught by the stamp check before writing.
 */
async function readListInPages(db: DoorlistDatabase): Promise<{ state: GuestListStateRow; rows: GuestListEntry[] }> {
  const state = await readGuestListState(db);
  if (state.meta === null) return { state, rows: [] };
  return { state, rows: await readAllEntries(db) };
}

async function writeFirstList(db: DoorlistDatabase, entries: readonly GuestListEntry[], nextState: (state: GuestListStateRow) => GuestListStateRow): Promise<void> {
  const parts = Math.max(1, Math.ceil(entries.length / FIRST_LIST_CHUNK));
  for (let part = 0; part < parts; part += 1) {
    const written = await db.transaction('rw', guestListScope(db), db.guestListState, async () => {
      const state = await readGuestListState(db);
      if (state.meta !== null) return false; // a list arrived meanwhile (another tab): it stands
      if (part === 0) await clearEntries(db); // chunks of a first list that failed half-way
      await addEntries(db, entries.slice(part * FIRST_LIST_CHUNK, (part + 1) * FIRST_LIST_CHUNK));
      if (part === parts - 1) await db.guestListState.put(nextState(state));
      return true;
    });
    if (!written) return;
  }
}

export type DeltaOutcome = { applied: true; size: number } | { applied: false; reason: 'versionMoved' };

/**
 * Tickets of a delta written per transaction. A scan's transaction reads the list, so it waits for the write in progress:
 * one part of 50 (about 50 chunks rewritten, some 50 ms here) rather than a whole 1,000-ticket delta (about 1 s).
 */
export const DELTA_PART = 50;

/**
 * Applies a gateway delta on top of version `fromVersion`: entries added or changed, entries gone. Refused (nothing
 * written) when the device's list is no longer that version (another tab applied one meanwhile, or a file replaced it):
 * the next refresh asks again from where the device is.
 *
 * Written in parts of DELTA_PART, each with the state row's counts, the new version only with the last. A delta cut
 * short (a closed tab, a failed write) leaves the version as it was, so the next refresh asks for the same delta and
 * writes it again: a put or a delete written twice is the same, and each ticket is either as it was or as it is now.
 */
export async function applyGuestListDelta(
  db: DoorlistDatabase,
  fromVersion: number,
  puts: readonly GuestListEntry[],
  dels: ReadonlyArray<{ key: string; occurrence: string }>,
  stored: StoredList,
): Promise<DeltaOutcome> {
  const total = puts.length + dels.length;
  // Each part takes changes [from, to) of the puts followed by the deletions.
  for (let from = 0; ; from += DELTA_PART) {
    const to = from + DELTA_PART;
    const last = to >= total;
    const outcome = await db.transaction('rw', guestListScope(db), db.guestListState, async (): Promise<DeltaOutcome | null> => {
      const state = await readGuestListState(db);
      if (state.meta === null || state.origin !== stored.origin || state.meta.version !== fromVersion) return { applied: false, reason: 'versionMoved' };
      const change = await applyEntryChanges(db, puts.slice(from, to), dels.slice(Math.max(0, from - puts.length), Math.max(0, to - puts.length)));
      const entryCounts = addCounts(state.entryCounts ?? {}, change);
      if (!last) {
        await db.guestListState.put({ ...state, entryCounts });
        return null;
      }
      // The gateway's meta says its size; the count here is what this device holds, which is what staff are told.
      const size = Object.values(entryCounts).reduce((sum, count) => sum + count, 0);
      await db.guestListState.put({ ...state, meta: { ...stored.meta, size }, origin: stored.origin, syncedAt: stored.syncedAt, lastError: null, retryAt: null, entryCounts });
      return { applied: true, size };
    });
    if (outcome !== null) return outcome;
  }
}

/** A refresh that failed or must wait: the list stays as it is; the state says why, and until when nothing is asked. */
export async function noteGuestListProblem(db: DoorlistDatabase, lastError: string, retryAt: string | null = null): Promise<void> {
  await db.transaction('rw', db.guestListState, async () => {
    const state = await readGuestListState(db);
    await db.guestListState.put({ ...state, lastError, retryAt });
  });
}

/** No list at all on this device (a new setup for another event, or staff removing an imported file's list). */
export async function clearGuestList(db: DoorlistDatabase): Promise<void> {
  await db.transaction('rw', guestListScope(db), db.guestListState, async () => {
    await clearEntries(db);
    await db.guestListState.put(emptyGuestListState());
  });
}

/** Tickets on the list for one occurrence (the state row's counts: no chunk is read). A half-written first list has none. */
export async function countForOccurrence(db: DoorlistDatabase, occurrence: string): Promise<number> {
  const state = await readGuestListState(db);
  return state.meta === null ? 0 : (state.entryCounts?.[occurrence] ?? 0);
}
