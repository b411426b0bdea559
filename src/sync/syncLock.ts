// The device's one sender: every tab's scheduler and the service worker's Background Sync take this Web Lock for a pass.
export const SYNC_LOCK_NAME = 'doorlist-sync';

/** Runs `task` holding the sync lock; without Web Locks (old browsers, unit tests) it just runs. */
export function withSyncLock<T>(locks: LockManager | null, task: () => Promise<T>): Promise<T> {
  if (!locks) return task();
  return locks.request(SYNC_LOCK_NAME, { mode: 'exclusive' }, () => task()) as Promise<T>;
}
