// Verify online first: waits (a bounded time) for the server's answer on one recorded scan, and reads the verdict the
// sync pass stored with it.
import { liveQuery } from 'dexie';
import type { Verdict } from '../model/verdict.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { ScanRow } from '../db/tables.ts';

export interface AnswerTimer {
  setTimer: (callback: () => void, delayMs: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

/** `answered`: the row left the outbox (confirmed, refused, failed, or taken in bulk). `timeout`: still waiting at the deadline. */
export type ServerAnswer = { kind: 'answered'; row: ScanRow } | { kind: 'timeout' };

/**
 * A queued row is still the device's own decision: the server has not said anything about it yet. (A row in a batch
 * being sent stays queued, under a lease: `sending` is never stored since schema v5.)
 */
const isWaiting = (row: ScanRow): boolean => row.state === 'queued';

/**
 * Resolves as soon as the scan's row is out of queued, or with `timeout` after `timeoutMs`. The scan must
 * already be recorded (decided and written locally): this only watches, it never sends or changes anything.
 * A row that is not there (wiped meanwhile) has nothing to wait for: `timeout` at once. Rejects if the database
 * cannot be read.
 */
export function awaitServerAnswer(db: DoorlistDatabase, scanId: string, timeoutMs: number, timer: AnswerTimer): Promise<ServerAnswer> {
  return new Promise<ServerAnswer>((resolve, reject) => {
    let settled = false;
    let handle: unknown = null;
    let subscription: { unsubscribe(): void } | null = null;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      if (handle !== null) timer.clearTimer(handle);
      subscription?.unsubscribe();
      settle();
    };
    handle = timer.setTimer(() => finish(() => resolve({ kind: 'timeout' })), timeoutMs);
    subscription = liveQuery(() => db.scans.get(scanId)).subscribe({
      next: (row) => {
        if (row === undefined) finish(() => resolve({ kind: 'timeout' }));
        else if (!isWaiting(row)) finish(() => resolve({ kind: 'answered', row }));
      },
      error: (error: unknown) => finish(() => reject(error)),
    });
    // subscribe() can deliver synchronously-settled state before `subscription` is assigned above.
    if (settled) subscription.unsubscribe();
  });
}

/**
 * The server's answer as a door verdict, as the sync pass stored it on the row (ScanRow.serverVerdict): confirmed is the
 * local verdict confirmed (an amber admission green: the ticket office checked what the guest list could not); a
 * refusal is what the server said (unknown, cancelled, already in at another door, or its own words). Null while the
 * server has not answered for this ticket (queued, failed, taken in bulk) or for a row answered without one: then show
 * the row as it stands (describeScanOutcome). A verdict left from before a "send again" is not this answer: only
 * confirmed and rejected rows have one.
 */
export function verdictFromServer(row: ScanRow): Verdict | null {
  return row.state === 'confirmed' || row.state === 'rejected' ? (row.serverVerdict ?? null) : null;
}
