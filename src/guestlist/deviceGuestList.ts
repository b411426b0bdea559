// The guest list on this device (issue 12): a whole list or a delta written with its state row in ONE transaction, so
// a failure or a cut download leaves the previous list exactly as it was. Callers: the gateway and DMN refreshes and
// the file import (src/guestlist/*), a new setup (src/settings/applySetup.ts).
import Dexie from 'dexie';
import { toVenueTime } from '../checkin/venueTime.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListOrigin, GuestListStateRow } from '../db/tables.ts';
import type { DevicePreferences } from '../settings/preferences.ts';
import type { SetupConfig } from '../settings/setupLink.ts';
import type { GuestListEntry, GuestListMeta } from './guestListEntry.ts';

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
});

export async function readGuestListState(db: DoorlistDatabase): Promise<GuestListStateRow> {
  return (await db.guestListState.get(GUEST_LIST_STATE_ID)) ?? emptyGuestListState();
}

/**
 * The occurrence this door checks in: the one chosen on the Event screen, else today's date on the venue calendar.
 * The list is fetched for it, and the top bar counts its tickets.
 */
export function doorOccurrenceOf(config: Pick<SetupConfig, 'venueTimeZone'>, preferences: Pick<DevicePreferences, 'occurrenceDate'>, now: Date): string {
  return preferences.occurrenceDate ?? toVenueTime(now, config.venueTimeZone).slice(0, 10);
}

export interface StoredList {
  meta: GuestListMeta;
  origin: GuestListOrigin;
  /** When this device stored it (ISO). */
  syncedAt: string;
}

/** Replaces the whole list: every row of the old one goes, in the same transaction the new rows and meta are written. */
export async function replaceGuestList(db: DoorlistDatabase, entries: readonly GuestListEntry[], stored: StoredList): Promise<void> {
  await db.transaction('rw', db.guestList, db.guestListState, async () => {
    const state = await readGuestListState(db);
    await db.guestList.clear();
    await db.guestList.bulkPut(entries as GuestListEntry[]);
    await db.guestListState.put({ ...state, meta: { ...stored.meta, size: entries.length }, origin: stored.origin, syncedAt: stored.syncedAt, lastError: null, retryAt: null });
  });
}

export type DeltaOutcome = { applied: true; size: number } | { applied: false; reason: 'versionMoved' };

/**
 * Applies a gateway delta on top of version `fromVersion`: entries added or changed, entries gone. Refused (nothing
 * written) when the device's list is no longer that version (another tab applied one meanwhile, or a file replaced it):
 * the next refresh asks again from where the device is.
 */
export async function applyGuestListDelta(
  db: DoorlistDatabase,
  fromVersion: number,
  puts: readonly GuestListEntry[],
  dels: ReadonlyArray<{ key: string; occurrence: string }>,
  stored: StoredList,
): Promise<DeltaOutcome> {
  return db.transaction('rw', db.guestList, db.guestListState, async (): Promise<DeltaOutcome> => {
    const state = await readGuestListState(db);
    if (state.meta === null || state.origin !== stored.origin || state.meta.version !== fromVersion) return { applied: false, reason: 'versionMoved' };
    if (dels.length > 0) await db.guestList.bulkDelete(dels.map(({ occurrence, key }): [string, string] => [occurrence, key]));
    if (puts.length > 0) await db.guestList.bulkPut(puts as GuestListEntry[]);
    // The gateway's meta says its size; the count here is what this device holds, which is what staff are told.
    const size = await db.guestList.count();
    await db.guestListState.put({ ...state, meta: { ...stored.meta, size }, origin: stored.origin, syncedAt: stored.syncedAt, lastError: null, retryAt: null });
    return { applied: true, size };
  });
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
  await db.transaction('rw', db.guestList, db.guestListState, async () => {
    await db.guestList.clear();
    await db.guestListState.put(emptyGuestListState());
  });
}

/** Tickets on the list for one occurrence (an index count: no row is read). */
export function countForOccurrence(db: DoorlistDatabase, occurrence: string): Promise<number> {
  return db.guestList.where('[occurrence+key]').between([occurrence, Dexie.minKey], [occurrence, Dexie.maxKey]).count();
}
