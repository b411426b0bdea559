// The scan screen's notice when the guest list does not match the tickets: the door then admits unknown codes, and says why.
import { useLiveQuery } from 'dexie-react-hooks';
import type { DoorlistDatabase } from '../db/database.ts';
import { mappingNoticeOf } from '../guestlist/mappingEvidence.ts';

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
