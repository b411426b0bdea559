// Background Sync: when scans wait for a network that is gone, ask the browser to wake the service worker once it is
// back, so they are sent even if the app was closed. Chromium has it; Safari and Firefox do not, and nothing depends on
// it: the page's own wake-ups (scan, `online`, visibility, timer, start-up) still send everything.
import type { DoorlistDatabase } from '../db/database.ts';
import { REQUEST_BLOCKED, type ApiError } from '../api/apiError.ts';
import { makeQueueDue } from '../outbox/makeQueueDue.ts';
import { countWaiting } from '../outbox/outbox.ts';
import type { SyncPassReport } from './syncPass.ts';
import { withSyncLock } from './syncLock.ts';

export const OUTBOX_SYNC_TAG = 'doorlist-outbox';

/** The part of `ServiceWorkerRegistration.sync` (not in TypeScript's DOM library) we use. */
interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

/** The failures Background Sync is for: no route to the server. A 5xx or a 429 keeps its own backoff instead. */
/** No network (not a request this page's own policy refused: Background Sync cannot help with that). */
export const isConnectivityError = (error: ApiError | null): boolean => (error?.kind === 'network' && error.code !== REQUEST_BLOCKED) || error?.kind === 'timeout';

/** Page side. Resolves true when the browser took the request; false where it has no Background Sync or no worker. */
export async function requestBackgroundSync(
  container: Pick<ServiceWorkerContainer, 'getRegistration'> | undefined,
  log: (message: string, context?: unknown) => void,
): Promise<boolean> {
  try {
    const registration = (await container?.getRegistration()) as (ServiceWorkerRegistration & { sync?: SyncManagerLike }) | undefined;
    if (!registration?.sync) return false;
    await registration.sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch (error) {
    log('sync: Background Sync not available', error); // e.g. permission denied: the page's wake-ups still run
    return false;
  }
}

export type BackgroundDrainOutcome = 'drained' | 'paused' | 'notSetUp';

export interface BackgroundDrainDeps {
  db: DoorlistDatabase;
  runPass: () => Promise<SyncPassReport>;
  locks: LockManager | null;
  now: () => number;
}

/**
 * Service-worker side, for a `sync` event. The event means the browser sees a network again, the same news as the page's
 * `online` event, so backoff earned while cut off is forgiven and one pass runs under the device-wide lock (a page that
 * is open and sending simply goes first). Throws while scans still wait, which tells the browser to try again later;
 * a pause for credentials is not retried: a person must act.
 */
export async function drainOnSyncEvent(deps: BackgroundDrainDeps): Promise<BackgroundDrainOutcome> {
  if (!(await deps.db.settings.get('device'))) return 'notSetUp';
  const report = await withSyncLock(deps.locks, async () => {
    await makeQueueDue(deps.db, deps.now());
    return deps.runPass();
  });
  if (report.paused) return 'paused';
  const waiting = await countWaiting(deps.db);
  if (waiting > 0 || report.error) {
    throw new Error(`${waiting} scans still waiting to send${report.error ? ` (${report.error.kind}: ${report.error.message})` : ''}`);
  }
  return 'drained';
}
