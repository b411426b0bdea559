// Stores a validated setup on the device; queued scans keep the device name and time they were made with.
import type { DoorlistDatabase } from '../db/database.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { writeSyncStatus } from '../sync/syncStatus.ts';
import { makeQueueDue } from '../outbox/makeQueueDue.ts';
import { clearGuestList } from '../guestlist/deviceGuestList.ts';
import { guestListScope } from '../guestlist/listStore.ts';

export async function applySetup(db: DoorlistDatabase, config: SetupConfig, batchSize: number, now: Date): Promise<void> {
  let previousTonicUrl: string | null = null;
  await db.transaction('rw', db.settings, guestListScope(db), db.guestListState, async () => {
    const previous = await db.settings.get('device');
    previousTonicUrl = previous?.config.tonic.baseUrl ?? null;
    // A guest list of another event must never decide at this door: it goes with the setup that brought it. The same
    // event's list stays (the next refresh from the new setup's source replaces it).
    if (previous && previous.config.tonic.eventId.trim().toLowerCase() !== config.tonic.eventId.trim().toLowerCase()) await clearGuestList(db);
    await db.settings.put({
      id: 'device',
      config,
      batchSize: config.sync?.batchSize ?? batchSize,
      asyncAboveBacklog: config.sync?.asyncAboveBacklog ?? null,
      configuredAt: now.toISOString(),
      // Sound, kiosk PIN, the chosen occurrence…: the door's own choices survive new credentials (the occurrence only
      // while the event is the same).
      ...(previous?.preferences
        ? { preferences: previous.config.tonic.eventId === config.tonic.eventId ? previous.preferences : { ...previous.preferences, occurrenceDate: null } }
        : {}),
    });
  });
  // New credentials may be what a paused sync was waiting for. Another gateway numbers its door feed afresh. A block by
  // the page's (or the worker's) security policy is forgotten: the new servers may be allowed, and the next request
  // tells; backoff earned against the old servers is too, so the queue goes now.
  await writeSyncStatus(db, { pause: null, blockedOrigins: [], workerBlockedOrigins: [], ...(previousTonicUrl !== config.tonic.baseUrl ? { feedCursor: null } : {}) });
  await makeQueueDue(db, now.getTime());
}
