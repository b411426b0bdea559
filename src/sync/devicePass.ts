// One sync pass for this device, as its saved settings describe it. The page's scheduler and the service worker's
// Background Sync both run it, always under the device-wide sync lock.
import { tonicClientFor } from '../api/clientsForSetup.ts';
import type { FetchLike } from '../api/httpRequest.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import { blockForSetup, type BlockSource } from './connectionBlock.ts';
import { emptySyncPassReport, runSyncPass, type SyncPassReport } from './syncPass.ts';
import { readSyncStatus } from './syncStatus.ts';

export interface DevicePassDeps {
  db: DoorlistDatabase;
  fetchImpl: FetchLike;
  /** `navigator.onLine`: false is reliable (true is not), and there is no point burning attempts and backoff with no network. */
  isOnline: () => boolean;
  /** True when every pass runs inside the `doorlist-sync` Web Lock, so any batch lease left over is orphaned. */
  holdsSyncLock: boolean;
  newId: () => string;
  now: () => number;
  /** In [0, 1): retry jitter. */
  random: () => number;
  /** The page's (or worker's) address: an https app never reaches an http:// address. */
  pageUrl: () => string | undefined;
  /** The app's origin: relative setup addresses resolve against it. */
  origin: string;
  log: (message: string, context?: unknown) => void;
  /** Who runs the pass: only the blocks its own policy caused hold it back (connectionBlock.ts BlockSource). */
  blockSource: BlockSource;
}

export function createDevicePass(deps: DevicePassDeps): () => Promise<SyncPassReport> {
  return async () => {
    const settings = await deps.db.settings.get('device');
    if (!settings || !deps.isOnline()) return emptySyncPassReport();
    const { config } = settings;
    // This page's (or this worker's) security policy refused Tonic's origin, or an https app has an http:// address: it
    // will until a new page or a new setup, so no attempt is spent and no backoff earned; the scans wait, and the screens
    // say why. A block the worker saw never holds back the page, whose policy may be newer.
    if (blockForSetup(await readSyncStatus(deps.db), config, deps.pageUrl(), deps.blockSource)?.service === 'Tonic') return emptySyncPassReport();
    return runSyncPass({
      db: deps.db,
      tonic: tonicClientFor(config, deps.fetchImpl, deps.origin),
      now: deps.now,
      random: deps.random,
      newBatchId: deps.newId,
      batchSize: settings.batchSize,
      setupVersion: settings.configuredAt,
      holdsSyncLock: deps.holdsSyncLock,
      asyncAboveBacklog: settings.asyncAboveBacklog ?? null,
      log: deps.log,
    });
  };
}
