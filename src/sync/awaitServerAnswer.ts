// Verify online first: waits (a bounded time) for the server's answer on one recorded scan, and reads that answer as a verdict.
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

/** Rows in these states are still the device's own decision: the server has not said anything about them yet. */
const isWaiting = (row: ScanRow): boolean => row.state === 'queued' || row.state === 'sending';

/**
 * Resolves as soon as the scan's row is out of queued/sending, or with `timeout` after `timeoutMs`. The scan must
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

const refusedCheckIn = (row: ScanRow): Verdict | null => {
  const result = row.serverResult;
  if (!result) return null;
  if (result.result === 'not_found') return { kind: 'unknownTicket' };
  if (result.result === 'cancelled') return { kind: 'cancelled' };
  if (row.direction === 'in' && result.checkedInAt) return { kind: 'alreadyIn', at: result.checkedInAt, door: result.checkedInDevice };
  return null;
};

/**
 * The server's answer as a door verdict: confirmed keeps the local verdict (an amber admission turns green: the ticket
 * office checked what the guest list could not); a refusal becomes what the server said
 * (unknown, cancelled, already in at another door). Null when the server's words match no verdict (an undocumented
 * result) or it has not answered for this ticket: then show the row as it stands (describeScanOutcome).
 */
export function verdictFromServer(row: ScanRow): Verdict | null {
  if (row.state === 'confirmed') {
    if (row.verdict.kind !== 'admitted' || !row.verdict.unchecked) return row.verdict;
    const { unchecked: _unchecked, listAgeMinutes: _age, ...checked } = row.verdict;
    return checked;
  }
  if (row.state === 'rejected') return refusedCheckIn(row);
  return null;
}
