// When the network comes back, backoff earned while offline must not keep the queue waiting: every queued row is due now.
import type { DoorlistDatabase } from '../db/database.ts';

export async function makeQueueDue(db: DoorlistDatabase, nowMs: number): Promise<number> {
  return db.scans
    .where('[state+nextAttemptAt]')
    .between(['queued', nowMs], ['queued', Infinity], false, true)
    .modify({ nextAttemptAt: nowMs });
}
