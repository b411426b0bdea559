// The box office's list file imported on this device (Activity): read all or nothing (guestFile.ts), stored as the door's
// whole list in one transaction. It stays until another file replaces it, staff stop using it, or a new setup.
import type { DoorlistDatabase } from '../db/database.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { clearGuestList, ownListMeta, readGuestListState, replaceGuestList } from './deviceGuestList.ts';
import { describeGuestFileErrors, MAX_GUEST_FILE_CHARS, parseGuestFile } from './guestFile.ts';
import { guestListScope } from './listStore.ts';
import { GUEST_LIST_LOCK } from './guestListSource.ts';

export type GuestFileImport =
  | { ok: true; tickets: number; occurrences: string[] }
  /** `lines`: each bad row with its line number ("Line 12: …"); nothing was imported. */
  | { ok: false; lines: string[] };

/** A file too large to be a list is refused before it is read into memory (its size in bytes, as the file input gives it). */
export function guestFileSizeProblem(bytes: number): string | null {
  // A UTF-8 byte is at most one character: a file under the character limit in bytes is under it in characters too.
  return bytes > MAX_GUEST_FILE_CHARS * 3 ? `This file is ${Math.round(bytes / 1024 / 1024)} MB, too large for a guest list: split it by date.` : null;
}


/**
 * The file becomes this door's list. `locks` (the browser's Web Locks): the import holds the lock the list's refresher
 * holds, so a download in another tab and this import never write their first lists into each other's parts.
 */
export async function importGuestFile(
  db: DoorlistDatabase,
  config: Pick<SetupConfig, 'tonic'>,
  text: string,
  occurrence: string,
  now: Date,
  locks: Pick<LockManager, 'request'> | null = null,
): Promise<GuestFileImport> {
  const parsed = parseGuestFile(text, { occurrence });
  if (!parsed.ok) return { ok: false, lines: describeGuestFileErrors(parsed.errors) };
  const { entries } = parsed;
  const occurrences = [...new Set(entries.map((entry) => entry.occurrence))].sort();
  const meta = ownListMeta(config.tonic.eventId, 'file', entries, occurrences, now.toISOString());
  const store = () => replaceGuestList(db, entries, { meta, origin: 'file', syncedAt: now.toISOString() });
  await (locks ? locks.request(GUEST_LIST_LOCK, store) : store());
  return { ok: true, tickets: entries.length, occurrences };
}

/**
 * Staff stop using the imported file: the door has no list until its gateway or DesignMyNight gives it one again. Only
 * a file's list goes (one downloaded meanwhile, in another tab, stays). True when it was removed.
 */
export async function stopUsingFileList(db: DoorlistDatabase): Promise<boolean> {
  return db.transaction('rw', guestListScope(db), db.guestListState, async () => {
    if ((await readGuestListState(db)).origin !== 'file') return false;
    await clearGuestList(db);
    return true;
  });
}
