// Stores a validated setup on the device; queued scans keep the device name and time they were made with.
import type { DoorlistDatabase } from '../db/database.ts';
import type { SetupConfig } from './setupLink.ts';
import { writeSyncStatus } from '../sync/syncStatus.ts';

export async function applySetup(db: DoorlistDatabase, config: SetupConfig, batchSize: number, now: Date): Promise<void> {
  await db.settings.put({
    id: 'device',
    config,
    batchSize: config.sync?.batchSize ?? batchSize,
    asyncAboveBacklog: config.sync?.asyncAboveBacklog ?? null,
    configuredAt: now.toISOString(),
  });
  // New credentials may be what a paused sync was waiting for.
  await writeSyncStatus(db, { pause: null });
}
