// This device's own evidence about the code-to-list mapping, from check-ins Tonic confirmed (docs/guest-list.md).
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListStateRow, ScanRow } from '../db/tables.ts';
import { preferencesOf } from '../settings/preferences.ts';
import { combinedEvidence, mappingState, type CodeMiddle } from '../model/guestListEntry.ts';
import { doorOccurrenceOf } from './deviceGuestList.ts';
import { entriesByKeys, entryId } from './listStore.ts';
import { listKeyOfCode, middleMatch, parseTonicCode } from '../model/matchCode.ts';

/**
 * Counts the check-ins of this batch that Tonic confirmed (result `success`) into the device's `localMapping`: a code
 * on the list for its date is `listedConfirmed` (and shows which id a code's middle part is: `localCodeMiddle`); a code
 * missing from a list that holds its date is `unlistedConfirmed`, a guest the list would have refused wrongly. A code
 * decided on no list or an old one says nothing (it may have been sold since the list was read), nor does a number
 * (listed as itself, not by the inferred mapping). Runs inside the caller's transaction, which must cover the list
 * (listStore's guestListScope), guestListState and settings: one read of the state, one of the settings, one list read
 * for the whole batch (listStore's entriesByKeys), at most one write.
 */
export async function countMappingEvidence(db: DoorlistDatabase, confirmed: readonly ScanRow[]): Promise<void> {
  const checkIns = confirmed.filter((row) => row.direction === 'in' && row.ticketId !== null);
  if (checkIns.length === 0) return;
  const state = await db.guestListState.get('guestList');
  const meta = state?.meta;
  if (!state || !meta) return;
  // Only Tonic codes: the mapping is how they are placed on the list; a number is listed as itself (matched exactly).
  const covered = checkIns.filter((row) => parseTonicCode(row.ticketId!) !== null);
  if (covered.length === 0) return;
  const settings = await db.settings.get('device');
  if (!settings) return;
  const preferences = preferencesOf(settings);
  const keys = [...new Set(covered.map((row) => listKeyOfCode(row.ticketId!)))];
  const entries = await entriesByKeys(db, keys);
  const byId = new Map(entries.map((entry) => [entryId(entry), entry]));

  let listed = 0;
  let unlisted = 0;
  let codeMiddle: CodeMiddle | null = state.localCodeMiddle;
  for (const row of covered) {
    // The date the door checked in when it scanned (as recordScan worked it out, last night's list after midnight too).
    const date = doorOccurrenceOf(settings.config, preferences, new Date(row.scannedAt), meta.occurrences);
    const entry = byId.get(entryId({ occurrence: date, key: listKeyOfCode(row.ticketId!) }));
    if (entry) {
      listed += 1;
      const parts = parseTonicCode(row.ticketId!);
      const match = parts ? middleMatch(parts.middle, entry) : 'neither';
      if (match === 'item' || match === 'subType') codeMiddle = match;
    } else if (meta.occurrences.includes(date) && !(row.verdict.kind === 'admitted' && (row.verdict.unchecked === 'noList' || row.verdict.unchecked === 'staleList'))) {
      unlisted += 1;
    }
  }
  if (listed === 0 && unlisted === 0) return;
  await db.guestListState.put({
    ...state,
    localMapping: { listedConfirmed: state.localMapping.listedConfirmed + listed, unlistedConfirmed: state.localMapping.unlistedConfirmed + unlisted },
    localCodeMiddle: codeMiddle,
  });
}

/** The scan screen's words when the mapping is broken (the door then gives unknown codes its no-list policy), or null. */
export function mappingNoticeOf(state: Pick<GuestListStateRow, 'meta' | 'localMapping'> | null | undefined, unknownCodes: 'admit' | 'refuse'): string | null {
  if (!state?.meta) return null;
  const evidence = combinedEvidence(state.meta.mapping, state.localMapping);
  if (mappingState(evidence) !== 'broken') return null;
  const accepted = `the ticket office accepted ${evidence.unlistedConfirmed} tickets that were not on the guest list, so the list does not match the tickets.`;
  return unknownCodes === 'admit'
    ? `Not refusing unknown codes: ${accepted} Codes not on the list are let in, in amber: look at each ticket.`
    : `Not checking codes against the guest list: ${accepted} Codes not on it are refused as if there were no list.`;
}

