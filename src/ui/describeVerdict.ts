// One colour, one icon, one sentence per verdict: the words door staff read at arm's length.
import type { Verdict } from '../checkin/verdict.ts';
import type { ScanRow } from '../db/tables.ts';
import { verdictFromServer } from '../sync/awaitServerAnswer.ts';
import type { FeedbackKind } from './verdictFeedback.ts';

export type Tone = 'ok' | 'out' | 'warn' | 'bad';

export interface VerdictView {
  tone: Tone;
  icon: string;
  title: string;
  detail: string | null;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function describeVerdict(verdict: Verdict): VerdictView {
  switch (verdict.kind) {
    case 'admitted':
      return { tone: 'ok', icon: '✓', title: 'Admitted', detail: null };
    case 'alreadyIn':
      return { tone: 'warn', icon: '!', title: `Already in at ${verdict.at.slice(11, 16)}`, detail: verdict.door ? `Checked in at ${verdict.door}` : null };
    case 'notATicket':
      return { tone: 'bad', icon: '✕', title: 'Not a ticket', detail: `${capitalise(verdict.reason)}.` };
    case 'checkedOut':
      return { tone: 'out', icon: '↩', title: 'Checked out', detail: 'They can come back in with the same ticket.' };
    case 'unknownTicket':
      return { tone: 'bad', icon: '?', title: 'Unknown ticket', detail: 'The ticket office does not know this ticket. Send the guest to the box office.' };
    case 'cancelled':
      return { tone: 'bad', icon: '✕', title: 'Cancelled ticket', detail: 'This ticket was cancelled. Send the guest to the box office.' };
  }
}

/** A scan's look in lists: its door verdict, unless the server then refused it or it could not be sent. */
export function describeScanOutcome(scan: { verdict: Verdict; state: string; serverResult?: { message: string | null } | null }): VerdictView {
  const view = describeVerdict(scan.verdict);
  if (scan.state === 'rejected') return { tone: 'bad', icon: '✕', title: `${view.title}, then refused`, detail: scan.serverResult?.message ?? null };
  if (scan.state === 'failed') return { tone: 'bad', icon: '✕', title: `${view.title}, not sent`, detail: null };
  return view;
}

export const notSavedView = (message: string): VerdictView => ({ tone: 'bad', icon: '✕', title: 'Scan NOT saved', detail: message });

/** Verify online first, answered: the server's verdict (already in elsewhere, unknown, cancelled), or the row as it stands. */
export function describeServerAnswer(row: ScanRow): VerdictView {
  const verdict = verdictFromServer(row);
  if (verdict) return describeVerdict(verdict);
  if (row.state === 'failed') return { ...describeScanOutcome(row), detail: row.lastError ? `The server could not take it: ${row.lastError}` : null };
  return describeScanOutcome(row);
}

/** The sound and vibration for a server answer: its verdict's, and a refusal's for refusals in words we have no verdict for. */
export function serverAnswerFeedback(row: ScanRow): FeedbackKind {
  const verdict = verdictFromServer(row);
  if (verdict) return verdict.kind;
  return row.state === 'rejected' || row.state === 'failed' ? 'unknownTicket' : row.verdict.kind;
}

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} s`;

/** The line under a verdict when the door verifies online first: whose decision the steward is looking at. */
export function verifyNote(check: 'answered' | 'timeout', timeoutMs: number): string {
  return check === 'answered' ? 'Checked with the server' : `No answer from the server in ${seconds(timeoutMs)}: this is the device's own decision`;
}
