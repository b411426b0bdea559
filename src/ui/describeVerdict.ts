// One colour, one icon, one sentence per verdict: the words door staff read at arm's length.
import type { UncheckedReason, Verdict } from '../model/verdict.ts';
import type { ScanRow } from '../engine/viewTypes.ts';
import { verdictFromServer } from '../sync/awaitServerAnswer.ts';
import { occurrenceLabel } from '../api/venueTime.ts';
import { feedbackOf, type FeedbackKind } from './verdictFeedback.ts';

/** `caution`: admitted without the guest list's word (amber, with its own sound): never a plain green. */
export type Tone = 'ok' | 'caution' | 'out' | 'warn' | 'bad';

export interface VerdictView {
  tone: Tone;
  icon: string;
  title: string;
  detail: string | null;
  /** What to check on the guest's ID before letting them in ("Check ID: Over 18"); absent: nothing. */
  checkId?: string | null;
}

/** "Sat 5 Dec" for a venue date, with its year when it is not the year of `relativeTo` (the door's date). */
export function dateWords(date: string, relativeTo: string): string {
  const words = occurrenceLabel(date, null);
  return date.slice(0, 4) === relativeTo.slice(0, 4) ? words : `${words} ${date.slice(0, 4)}`;
}

const SEND_AWAY = 'Do not admit: send the guest to the box office.';

const listAge = (minutes: number | undefined): string => (minutes === undefined ? 'out of date' : `${minutes.toLocaleString('en-GB')} min old`);

/** Why an amber admission was not checked against the list, in a steward's words. */
function uncheckedWords(reason: UncheckedReason, listed: boolean, ageMinutes: number | undefined): string {
  switch (reason) {
    case 'noList':
      return 'Not checked against a guest list: this door has none for its date. Look at the ticket.';
    case 'staleList':
      return listed
        ? `On the guest list, but the list is ${listAge(ageMinutes)}: a refund made since would not show.`
        : `Not checked against a guest list: the list on this door is ${listAge(ageMinutes)}. Look at the ticket.`;
    case 'numbers':
      return 'Not checked against a guest list: the list on this door has no ticket numbers. Look at the ticket.';
    case 'notConfirmed':
      return 'Not on the guest list, and the list is not yet confirmed to match the tickets: check the ticket.';
    case 'broken':
      return 'Not checked against a guest list: the list does not match the tickets (the ticket office accepted tickets that were not on it).';
  }
}

/** Why the door refused a code it could not check (its policy refuses unknown codes). */
function refusedUncheckedWords(reason: UncheckedReason, ageMinutes: number | undefined): string {
  switch (reason) {
    case 'noList':
      return `There is no guest list for this date on this door, and it refuses codes it cannot check. ${SEND_AWAY}`;
    case 'staleList':
      return `The guest list on this door is ${listAge(ageMinutes)}, and it refuses codes it cannot check. ${SEND_AWAY}`;
    case 'numbers':
      return `The guest list on this door has no ticket numbers, and this door refuses codes it cannot check. ${SEND_AWAY}`;
    case 'notConfirmed':
      return `No ticket has confirmed yet that the list matches the tickets, and this door refuses codes it cannot check. ${SEND_AWAY}`;
    case 'broken':
      return `The guest list does not match the tickets, and this door refuses codes it cannot check. ${SEND_AWAY}`;
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function describeVerdict(verdict: Verdict): VerdictView {
  switch (verdict.kind) {
    case 'admitted': {
      const checkId = verdict.checkId ? `Check ID: ${verdict.checkId}` : null;
      if (verdict.unchecked) return { tone: 'caution', icon: '✓', title: 'Admitted', detail: uncheckedWords(verdict.unchecked, verdict.guest !== undefined, verdict.listAgeMinutes), checkId };
      return { tone: 'ok', icon: '✓', title: 'Admitted', detail: null, checkId };
    }
    case 'alreadyInOnList':
      return { tone: 'warn', icon: '!', title: 'Already in', detail: 'The guest list says this ticket is already checked in.' };
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
    case 'refunded':
      return { tone: 'bad', icon: '✕', title: 'Refunded ticket: do not admit', detail: 'Send the guest to the box office.' };
    case 'otherDate':
      return { tone: 'bad', icon: '✕', title: `Ticket for ${dateWords(verdict.date, verdict.doorDate)}`, detail: `This door is for ${dateWords(verdict.doorDate, verdict.date)}: send the guest to the box office.` };
    case 'otherEvent':
      return { tone: 'bad', icon: '✕', title: 'Ticket for another event', detail: SEND_AWAY };
    case 'notOnList':
      return { tone: 'bad', icon: '✕', title: 'Not on the guest list', detail: SEND_AWAY };
    case 'noGuestList':
      return verdict.reason === 'notConfirmed'
        ? { tone: 'bad', icon: '✕', title: 'Not on the guest list', detail: refusedUncheckedWords(verdict.reason, verdict.listAgeMinutes) }
        : { tone: 'bad', icon: '✕', title: verdict.reason === 'noList' ? 'No guest list on this door' : verdict.reason === 'staleList' ? 'Guest list out of date' : 'Cannot check this code', detail: refusedUncheckedWords(verdict.reason, verdict.listAgeMinutes) };
    case 'foundNoCode':
      return {
        tone: 'warn',
        icon: '!',
        title: `Found on the guest list: ${verdict.guest.name}`,
        detail: 'This door cannot check in by reference until one ticket has been scanned; scan their ticket.',
      };
    case 'severalOnList':
      return {
        tone: 'warn',
        icon: '!',
        title: `${verdict.count} tickets on booking ${verdict.purchaseRef}`,
        detail: 'Pick the guest in Find a guest (menu), or scan their ticket.',
      };
    case 'refusedByServer':
      return { tone: 'bad', icon: '✕', title: 'Refused by the ticket office', detail: `${asSentence(verdict.message)} Send the guest to the box office.` };
  }
}

/** The server's words as a sentence of their own: a full stop after them unless they end in one. */
const asSentence = (words: string): string => (/[.!?…]$/.test(words.trim()) ? words.trim() : `${words.trim()}.`);

/** A server's refusal in a few words, for lists and the state line: "Unknown ticket", "Already in at 18:55, South gate". */
export function refusalWords(verdict: Verdict): string {
  if (verdict.kind === 'refusedByServer') return verdict.message;
  const { title } = describeVerdict(verdict);
  return verdict.kind === 'alreadyIn' && verdict.door ? `${title}, ${verdict.door}` : title;
}

/** A scan's look in lists: its door verdict, unless the server then refused it (its verdict in words) or it could not be sent. */
export function describeScanOutcome(scan: { verdict: Verdict; state: string; serverVerdict?: Verdict | null }): VerdictView {
  const view = describeVerdict(scan.verdict);
  if (scan.state === 'rejected') return { tone: 'bad', icon: '✕', title: `${view.title}, then refused`, detail: scan.serverVerdict ? refusalWords(scan.serverVerdict) : null };
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
  if (verdict) return feedbackOf(verdict);
  return row.state === 'rejected' || row.state === 'failed' ? 'unknownTicket' : feedbackOf(row.verdict);
}

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} s`;

/** The line under a verdict when the door verifies online first: whose decision the steward is looking at. */
export function verifyNote(check: 'answered' | 'timeout', timeoutMs: number): string {
  return check === 'answered' ? 'Checked with the server' : `No answer from the server in ${seconds(timeoutMs)}: this is the device's own decision`;
}
