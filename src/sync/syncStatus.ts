// The one sync-status row: pause (credentials refused), last success, last errors. Rendered by the UI via liveQuery.
import { emptySyncStatus, type DoorlistDatabase } from '../db/database.ts';
import type { SyncStatusRow } from '../db/tables.ts';

export async function readSyncStatus(db: DoorlistDatabase): Promise<SyncStatusRow> {
  return (await db.syncStatus.get('sync')) ?? emptySyncStatus();
}

export async function writeSyncStatus(db: DoorlistDatabase, change: Partial<Omit<SyncStatusRow, 'id'>>): Promise<void> {
  await db.transaction('rw', db.syncStatus, async () => {
    await db.syncStatus.put({ ...(await readSyncStatus(db)), ...change, id: 'sync' });
  });
}
