// The words, colours and icons of verdicts, and how a server answer reads when the door verifies online first.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../model/verdict.ts';
import type { ScanRow, ServerResult } from '../engine/viewTypes.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { describeScanOutcome, describeServerAnswer, describeVerdict, notSavedView, serverAnswerFeedback, verifyNote } from './describeVerdict.ts';

const EVERY_VERDICT: Verdict[] = [
  { kind: 'admitted' },
  { kind: 'alreadyIn', at: '2026-11-24 19:02:11', door: 'North gate' },
  { kind: 'notATicket', reason: 'the code is a web address with no ticket in it' },
  { kind: 'checkedOut' },
  { kind: 'unknownTicket' },
  { kind: 'cancelled' },
  { kind: 'admitted', guest: { name: 'Adina Okafor', ticketType: 'Standing', reference: 'DMN-7930721728-1' }, checkId: 'Over 18' },
  { kind: 'admitted', unchecked: 'noList' },
  { kind: 'admitted', unchecked: 'staleList', listAgeMinutes: 300 },
  { kind: 'admitted', unchecked: 'numbers' },
  { kind: 'admitted', unchecked: 'notConfirmed' },
  { kind: 'admitted', unchecked: 'broken' },
  { kind: 'alreadyInOnList', guest: { name: 'Adina Okafor', ticketType: 'Standing', reference: null } },
  { kind: 'refunded', guest: { name: 'Adina Okafor', ticketType: 'Standing', reference: null } },
  { kind: 'otherDate', date: '2026-12-05', doorDate: '2026-11-24', guest: { name: 'Adina Okafor', ticketType: 'Standing', reference: null } },
  { kind: 'otherEvent' },
  { kind: 'notOnList' },
  { kind: 'noGuestList', reason: 'noList' },
  { kind: 'noGuestList', reason: 'notConfirmed' },
  { kind: 'foundNoCode', guest: { name: 'Adina Okafor', ticketType: 'Standing', reference: null } },
  { kind: 'severalOnList', purchaseRef: 'DMN-7930721728', count: 3 },
  { kind: 'refusedByServer', message: 'Guest is banned' },
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
    // Amber admissions share the title "Admitted" with green: their colour and their first words tell them apart.
    expect(new Set(views.map((view) => `${view.tone}|${view.title}|${view.detail}|${view.checkId ?? ""}`)).size).toBe(views.length);
  });

  it('words the guest list\'s verdicts as a steward reads them', () => {
    const guest = { name: 'Adina Okafor', ticketType: 'Standing', reference: null };
    expect(describeVerdict({ kind: 'admitted', guest, checkId: 'Over 18' })).toMatchObject({ tone: 'ok', title: 'Admitted', checkId: 'Check ID: Over 18' });
    expect(describeVerdict({ kind: 'admitted', unchecked: 'noList' })).toMatchObject({ tone: 'caution', title: 'Admitted', detail: expect.stringMatching(/^Not checked against a guest list/) });
    expect(describeVerdict({ kind: 'admitted', unchecked: 'staleList', listAgeMinutes: 300 }).detail).toContain('300 min old');
    expect(describeVerdict({ kind: 'admitted', unchecked: 'notConfirmed' }).detail).toBe('Not on the guest list, and the list is not yet confirmed to match the tickets: check the ticket.');
    expect(describeVerdict({ kind: 'notOnList' })).toMatchObject({ tone: 'bad', title: 'Not on the guest list' });
    expect(describeVerdict({ kind: 'refunded', guest })).toMatchObject({ tone: 'bad', title: 'Refunded ticket: do not admit' });
    expect(describeVerdict({ kind: 'otherDate', date: '2026-12-05', doorDate: '2026-11-24', guest })).toMatchObject({ tone: 'bad', title: 'Ticket for Sat 5 Dec', detail: expect.stringContaining('Tue 24 Nov') });
    expect(describeVerdict({ kind: 'otherDate', date: '2027-01-02', doorDate: '2026-12-31', guest }).title).toBe('Ticket for Sat 2 Jan 2027');
    expect(describeVerdict({ kind: 'otherEvent' }).title).toBe('Ticket for another event');
    expect(describeVerdict({ kind: 'noGuestList', reason: 'noList' })).toMatchObject({ tone: 'bad', title: 'No guest list on this door' });
    // A door that has a list but cannot vouch for this code says so; it does not claim to have no list.
    expect(describeVerdict({ kind: 'noGuestList', reason: 'staleList', listAgeMinutes: 300 })).toMatchObject({ tone: 'bad', title: 'Guest list out of date', detail: expect.stringContaining('Do not admit') });
    expect(describeVerdict({ kind: 'noGuestList', reason: 'broken' })).toMatchObject({ tone: 'bad', title: 'Cannot check this code', detail: expect.stringContaining('Do not admit') });
    expect(describeVerdict({ kind: 'noGuestList', reason: 'numbers' }).title).toBe('Cannot check this code');
    expect(describeVerdict({ kind: 'foundNoCode', guest })).toMatchObject({
      title: 'Found on the guest list: Adina Okafor',
      detail: 'This door cannot check in by reference until one ticket has been scanned; scan their ticket.',
    });
    expect(describeVerdict({ kind: 'admitted' }).checkId).toBeNull();
  });

  it('says when and where an already-in guest came in, and why a code is not a ticket', () => {
    expect(describeVerdict({ kind: 'alreadyIn', at: '2026-11-24 19:02:11', door: 'North gate' })).toMatchObject({ tone: 'warn', title: 'Already in at 19:02', detail: 'Checked in at North gate' });
    expect(describeVerdict({ kind: 'alreadyIn', at: '2026-11-24 19:02:11', door: null }).detail).toBeNull();
    expect(describeVerdict({ kind: 'notATicket', reason: 'empty code' })).toMatchObject({ tone: 'bad', title: 'Not a ticket', detail: 'Empty code.' });
    expect(describeVerdict({ kind: 'checkedOut' }).tone).toBe('out');
    expect(describeVerdict({ kind: 'admitted' }).tone).toBe('ok');
  });

  it('gives a refusal the server words its own way in those words, as one sentence, with what to do', () => {
    expect(describeVerdict({ kind: 'refusedByServer', message: 'Guest is banned' })).toMatchObject({ tone: 'bad', title: 'Refused by the ticket office', detail: 'Guest is banned. Send the guest to the box office.' });
    expect(describeVerdict({ kind: 'refusedByServer', message: 'Banned! ' }).detail).toBe('Banned! Send the guest to the box office.');
  });
});

describe('describeScanOutcome (lists)', () => {
  it('keeps the door verdict, marked as refused (in the words of the stored server verdict) or not sent', () => {
    expect(describeScanOutcome(row({ state: 'confirmed', serverVerdict: { kind: 'admitted' } })).title).toBe('Admitted');
    expect(describeScanOutcome(row({ state: 'rejected', serverVerdict: { kind: 'unknownTicket' } }))).toMatchObject({ tone: 'bad', title: 'Admitted, then refused', detail: 'Unknown ticket' });
    expect(describeScanOutcome(row({ state: 'rejected', serverVerdict: { kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: 'South gate' } })).detail).toBe('Already in at 18:55, South gate');
    expect(describeScanOutcome(row({ state: 'rejected', serverVerdict: { kind: 'refusedByServer', message: 'Guest is banned' } })).detail).toBe('Guest is banned');
    expect(describeScanOutcome(row({ state: 'rejected', serverVerdict: null })).detail).toBeNull();
    expect(describeScanOutcome(row({ state: 'failed' })).title).toBe('Admitted, not sent');
  });

  it('reads the stored verdict, never the server\'s strings', () => {
    // The strings say "not found", the verdict the sync pass stored says "already in": the verdict is what shows.
    const stored = row({ state: 'rejected', serverResult: said('not_found', 'Ticket not found'), serverVerdict: { kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: null } });
    expect(describeScanOutcome(stored).detail).toBe('Already in at 18:55');
    expect(describeServerAnswer(stored).title).toBe('Already in at 18:55');
    expect(serverAnswerFeedback(stored)).toBe('alreadyIn');
  });
});

describe('describeServerAnswer (verify online first)', () => {
  it('shows the server\'s stored verdict: in at another door first, unknown, cancelled, or the local one confirmed', () => {
    const elsewhere = row({ state: 'rejected', serverVerdict: { kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: 'South gate' } });
    expect(describeServerAnswer(elsewhere)).toMatchObject({ tone: 'warn', title: 'Already in at 18:55', detail: 'Checked in at South gate' });
    expect(serverAnswerFeedback(elsewhere)).toBe('alreadyIn');
    const unknown = row({ state: 'rejected', serverVerdict: { kind: 'unknownTicket' } });
    expect(describeServerAnswer(unknown).title).toBe('Unknown ticket');
    expect(serverAnswerFeedback(unknown)).toBe('unknownTicket');
    expect(describeServerAnswer(row({ state: 'rejected', serverVerdict: { kind: 'cancelled' } })).title).toBe('Cancelled ticket');
    // Admitted in amber on this door, confirmed by the server: the stored verdict is the plain green one.
    const confirmed = row({ state: 'confirmed', verdict: { kind: 'admitted', unchecked: 'noList' }, serverVerdict: { kind: 'admitted' } });
    expect(describeServerAnswer(confirmed)).toMatchObject({ tone: 'ok', title: 'Admitted' });
    expect(serverAnswerFeedback(confirmed)).toBe('admitted');
    expect(serverAnswerFeedback(row({ state: 'confirmed', direction: 'out', verdict: { kind: 'checkedOut' }, serverVerdict: { kind: 'checkedOut' } }))).toBe('checkedOut');
  });

  it('shows a refusal in the server\'s own words, and a failed send, in red', () => {
    const banned = row({ state: 'rejected', serverVerdict: { kind: 'refusedByServer', message: 'Guest is banned' } });
    expect(describeServerAnswer(banned)).toMatchObject({ tone: 'bad', title: 'Refused by the ticket office', detail: 'Guest is banned. Send the guest to the box office.' });
    expect(serverAnswerFeedback(banned)).toBe('unknownTicket');
    const failed = row({ state: 'failed', lastError: 'HTTP 400: bad ticket_id' });
    expect(describeServerAnswer(failed)).toMatchObject({ tone: 'bad', title: 'Admitted, not sent', detail: 'The server could not take it: HTTP 400: bad ticket_id' });
    expect(serverAnswerFeedback(failed)).toBe('unknownTicket');
    expect(serverAnswerFeedback(row({ state: 'sentUnconfirmed' }))).toBe('admitted');
  });

  it('without a stored verdict (a refused row imported without the server\'s answer), shows the row as it stands', () => {
    const bare = row({ state: 'rejected', serverVerdict: null });
    expect(describeServerAnswer(bare)).toMatchObject({ tone: 'bad', title: 'Admitted, then refused', detail: null });
    expect(serverAnswerFeedback(bare)).toBe('unknownTicket');
  });
});

describe('verifyNote', () => {
  it('says whose decision is on screen, with the wait in seconds', () => {
    expect(verifyNote('answered', 1_500)).toBe('Checked with the server');
    expect(verifyNote('timeout', 1_500)).toBe("No answer from the server in 1.5 s: this is the device's own decision");
    expect(verifyNote('timeout', 2_000)).toBe("No answer from the server in 2 s: this is the device's own decision");
  });
});
