// Refreshes RunSignup window checked-in counts for numeric ticket ids; a failure is recorded, never thrown.
import type { RunSignupClient } from '../api/runsignupClient.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import { writeSyncStatus } from '../sync/syncStatus.ts';

export async function refreshWindowCounts(
  db: DoorlistDatabase,
  client: RunSignupClient,
  ticketIds: readonly string[],
  now: () => number,
  log: (message: string, context?: unknown) => void,
): Promise<void> {
  const numeric = ticketIds.filter((id) => /^\d+$/.test(id));
  if (numeric.length === 0) return;
  const reply = await client.windowCounts(numeric);
  const at = new Date(now()).toISOString();
  if (!reply.ok) {
    log('counts: RunSignup refresh failed', reply.error);
    await writeSyncStatus(db, { lastCountsError: reply.error.message });
    return;
  }
  await db.counts.bulkPut([...reply.value].map(([ticketId, windowCheckedInCount]) => ({ ticketId, windowCheckedInCount, fetchedAt: at })));
  await writeSyncStatus(db, { lastCountsAt: at, lastCountsError: null });
}
