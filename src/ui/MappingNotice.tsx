// The scan screen's notice when the guest list does not match the tickets: the door then admits unknown codes, and says why.
import { useLiveQuery } from 'dexie-react-hooks';
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListStateRow } from '../db/tables.ts';
import { combinedEvidence, mappingState } from '../guestlist/guestListEntry.ts';

/** The words for a broken mapping, or null while the list is trusted (or there is none). */
export function mappingNoticeOf(state: Pick<GuestListStateRow, 'meta' | 'localMapping'> | null | undefined, unknownCodes: 'admit' | 'refuse'): string | null {
  if (!state?.meta) return null;
  const evidence = combinedEvidence(state.meta.mapping, state.localMapping);
  if (mappingState(evidence) !== 'broken') return null;
  return (
    `This door is not refusing unknown codes: the ticket office accepted ${evidence.unlistedConfirmed} tickets that were not on the guest list, ` +
    `so the list does not match the tickets. ${unknownCodes === 'admit' ? 'Codes not on the list are let in, in amber: look at each ticket.' : 'Codes not on the list are refused as if there were no list (Settings).'}`
  );
}

export function MappingNotice({ db, unknownCodes }: { db: DoorlistDatabase; unknownCodes: 'admit' | 'refuse' }) {
  const state = useLiveQuery(() => db.guestListState.get('guestList'), [db]);
  const words = mappingNoticeOf(state, unknownCodes);
  if (!words) return null;
  return (
    <p className="notice notice-warn mapping-notice" role="status" data-testid="mapping-notice">
      {words}
    </p>
  );
}
