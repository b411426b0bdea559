// The words, colours and icons of verdicts, and how a server answer reads when the door verifies online first.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../checkin/verdict.ts';
import type { ScanRow, ServerResult } from '../db/tables.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { describeScanOutcome, describeServerAnswer, describeVerdict, notSavedView, serverAnswerFeedback, verifyNote } from './describeVerdict.ts';

const EVERY_VERDICT: Verdict[] = [
  { kind: 'admitted' },
  { kind: 'alreadyIn', at: '2026-11-24 19:02:11', door: 'North gate' },
  { kind: 'notATicket', reason: 'the code is a web address with no ticket in it' },
  { kind: 'checkedOut' },
  { kind: 'unknownTicket' },
  { kind: 'cancelled' },
];

const row = (change: Partial<ScanRow>): ScanRow => scanRowFixture({ state: 'confirmed', attempts: 1, ...change });
const said = (result: string, message: string | null = null, checkedInAt: string | null = null, checkedInDevice: string | null = null): ServerResult => ({
  result,
  message,
  checkedInAt,
  checkedInDevice,
  receivedAt: '2026-11-24T19:00:01.000Z',
});

describe('describeVerdict', () => {
  it('gives every verdict a colour, an icon and its own words', () => {
    const views = [...EVERY_VERDICT.map(describeVerdict), notSavedView('Scan NOT saved: out of storage.')];
    for (const view of views) {
      expect(view.icon).not.toBe('');
      expect(view.title).not.toBe('');
    }
    expect(new Set(views.map((view) => view.title)).size).toBe(views.length);
  });

  it('says when and where an already-in guest came in, and why a code is not a ticket', () => {
    expect(describeVerdict({ kind: 'alreadyIn', at: '2026-11-24 19:02:11', door: 'North gate' })).toMatchObject({ tone: 'warn', title: 'Already in at 19:02', detail: 'Checked in at North gate' });
    expect(describeVerdict({ kind: 'alreadyIn', at: '2026-11-24 19:02:11', door: null }).detail).toBeNull();
    expect(describeVerdict({ kind: 'notATicket', reason: 'empty code' })).toMatchObject({ tone: 'bad', title: 'Not a ticket', detail: 'Empty code.' });
    expect(describeVerdict({ kind: 'checkedOut' }).tone).toBe('out');
    expect(describeVerdict({ kind: 'admitted' }).tone).toBe('ok');
  });
});

describe('describeScanOutcome (lists)', () => {
  it('keeps the door verdict, marked as refused or not sent when the server did not take it', () => {
    expect(describeScanOutcome(row({ state: 'confirmed' })).title).toBe('Admitted');
    expect(describeScanOutcome(row({ state: 'rejected', serverResult: said('not_found', 'Unknown ticket') }))).toMatchObject({ tone: 'bad', title: 'Admitted, then refused', detail: 'Unknown ticket' });
    expect(describeScanOutcome(row({ state: 'failed' })).title).toBe('Admitted, not sent');
  });
});

describe('describeServerAnswer (verify online first)', () => {
  it('shows the server\'s verdict: in at another door first, unknown, cancelled, or the local one confirmed', () => {
    const elsewhere = row({ state: 'rejected', serverResult: said('already_checked_in', 'Already checked in at 18:55, South gate', '2026-11-24 18:55:10', 'South gate') });
    expect(describeServerAnswer(elsewhere)).toMatchObject({ tone: 'warn', title: 'Already in at 18:55', detail: 'Checked in at South gate' });
    expect(serverAnswerFeedback(elsewhere)).toBe('alreadyIn');
    const unknown = row({ state: 'rejected', serverResult: said('not_found', 'Ticket not found') });
    expect(describeServerAnswer(unknown).title).toBe('Unknown ticket');
    expect(serverAnswerFeedback(unknown)).toBe('unknownTicket');
    expect(describeServerAnswer(row({ state: 'rejected', serverResult: said('cancelled') })).title).toBe('Cancelled ticket');
    expect(describeServerAnswer(row({ state: 'confirmed', serverResult: said('success') }))).toMatchObject({ tone: 'ok', title: 'Admitted' });
    expect(serverAnswerFeedback(row({ state: 'confirmed' }))).toBe('admitted');
    expect(serverAnswerFeedback(row({ state: 'confirmed', direction: 'out', verdict: { kind: 'checkedOut' } }))).toBe('checkedOut');
  });

  it('shows a refusal in words it has no verdict for, and a failed send, in red with the server\'s words', () => {
    const banned = row({ state: 'rejected', serverResult: said('banned', 'Guest is banned') });
    expect(describeServerAnswer(banned)).toMatchObject({ tone: 'bad', title: 'Admitted, then refused', detail: 'Guest is banned' });
    expect(serverAnswerFeedback(banned)).toBe('unknownTicket');
    const failed = row({ state: 'failed', lastError: 'HTTP 400: bad ticket_id' });
    expect(describeServerAnswer(failed)).toMatchObject({ tone: 'bad', title: 'Admitted, not sent', detail: 'The server could not take it: HTTP 400: bad ticket_id' });
    expect(serverAnswerFeedback(failed)).toBe('unknownTicket');
    expect(serverAnswerFeedback(row({ state: 'sentUnconfirmed' }))).toBe('admitted');
  });
});

describe('verifyNote', () => {
  it('says whose decision is on screen, with the wait in seconds', () => {
    expect(verifyNote('answered', 1_500)).toBe('Checked with the server');
    expect(verifyNote('timeout', 1_500)).toBe("No answer from the server in 1.5 s: this is the device's own decision");
    expect(verifyNote('timeout', 2_000)).toBe("No answer from the server in 2 s: this is the device's own decision");
  });
});
