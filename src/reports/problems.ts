// The scans staff must work through (Activity, "Needs attention"): refused by the server or failed, not yet marked handled.
//
// A backlog of 10,000 scans can bring back thousands of "already checked in elsewhere", and Activity re-reads these
// after every batch while the backlog drains. So the count is index counts only, and the list walks refused and failed
// scans newest first only until it has its 50 unhandled ones. `[state+handledAt]` holds only handled scans: IndexedDB
// leaves out a row whose handledAt is null or missing, and handledAt is otherwise an ISO time (markHandled, import).
import type { DoorlistDatabase } from '../db/database.ts';
import type { ScanRow } from '../db/tables.ts';

const PROBLEM_STATES = ['rejected', 'failed'] as const;

/** One scan needs attention: refused or failed, and nobody has marked it handled. */
export const needsAttention = (row: ScanRow): boolean => (PROBLEM_STATES as readonly string[]).includes(row.state) && !row.handledAt;

const handledIn = (db: DoorlistDatabase, state: ScanRow['state']) => db.scans.where('[state+handledAt]').between([state, ''], [state, '\uffff'], true, true);

/** How many scans need attention: refused or failed ones, less those marked handled. */
export async function countProblems(db: DoorlistDatabase): Promise<number> {
  let total = 0;
  for (const state of PROBLEM_STATES) total += (await db.scans.where('state').equals(state).count()) - (await handledIn(db, state).count());
  return total;
}

/** The newest `limit` scans that need attention, newest first. */
export async function latestProblems(db: DoorlistDatabase, limit: number): Promise<ScanRow[]> {
  const newestOfEach = await Promise.all(
    PROBLEM_STATES.map((state) =>
      db.scans
        .where('state')
        .equals(state)
        .reverse()
        .filter(needsAttention)
        .limit(limit)
        .toArray(),
    ),
  );
  return newestOfEach
    .flat()
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, limit);
}
