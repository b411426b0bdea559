// What staff can do to one scan from the Activity view: send a failed scan again, or mark a problem as dealt with.
import type { DoorlistDatabase } from '../db/database.ts';

/** A failed scan (the server refused the request itself) goes back to the queue, fresh; it keeps its scan time. */
export async function sendAgain(db: DoorlistDatabase, scanId: string, now: Date): Promise<boolean> {
  const changed = await db.scans
    .where('id')
    .equals(scanId)
    .filter((row) => row.state === 'failed')
    .modify({ state: 'queued', attempts: 0, nextAttemptAt: now.getTime(), lastError: null, handledAt: null });
  return changed === 1;
}

export async function markHandled(db: DoorlistDatabase, scanId: string, now: Date): Promise<void> {
  await db.scans.update(scanId, { handledAt: now.toISOString() });
}
