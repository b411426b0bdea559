// The one reading of the server's answer for a scan: each documented result, the resend of our own check-in, and the
// answers the API documents nowhere, for check-ins and check-outs.
import { describe, expect, it } from 'vitest';
import { readServerAnswer, type AnsweredScan, type ServerWords } from './serverVerdict.ts';

const checkIn: AnsweredScan = { direction: 'in', verdict: { kind: 'admitted' }, deviceName: 'North gate 1', venueTime: '2026-11-24 19:00:00' };
const checkOut: AnsweredScan = { ...checkIn, direction: 'out', verdict: { kind: 'checkedOut' } };
const said = (result: string, change: Partial<ServerWords> = {}): ServerWords => ({ result, message: null, checkedInAt: null, checkedInDevice: null, ...change });

describe('readServerAnswer', () => {
  it('reads a check-in the server took as the door\'s admission, green even when the door admitted it in amber', () => {
    expect(readServerAnswer(checkIn, said('success'))).toEqual({ state: 'confirmed', verdict: { kind: 'admitted' }, message: null });
    const guest = { name: 'Ann Lee', ticketType: 'Standing', reference: 'DMN-1-1' };
    const amber = { ...checkIn, verdict: { kind: 'admitted', guest, checkId: 'Over 18', unchecked: 'staleList', listAgeMinutes: 300 } } as const;
    expect(readServerAnswer(amber, said('success', { message: 'Checked in' }))).toEqual({ state: 'confirmed', verdict: { kind: 'admitted', guest, checkId: 'Over 18' }, message: 'Checked in' });
  });

  it('reads a resend of this scan\'s own check-in ("already checked in" at this door and time) as confirmed', () => {
    const own = said('already_checked_in', { checkedInAt: '2026-11-24 19:00:00', checkedInDevice: 'North gate 1' });
    expect(readServerAnswer(checkIn, own)).toMatchObject({ state: 'confirmed', verdict: { kind: 'admitted' } });
    // Another door, or this door at another time, is someone else's check-in.
    expect(readServerAnswer(checkIn, { ...own, checkedInDevice: 'South gate' })).toEqual({
      state: 'rejected',
      verdict: { kind: 'alreadyIn', at: '2026-11-24 19:00:00', door: 'South gate' },
      message: 'Already checked in at 19:00, South gate',
    });
    expect(readServerAnswer(checkIn, { ...own, checkedInAt: '2026-11-24 18:30:00' })).toMatchObject({ state: 'rejected', verdict: { kind: 'alreadyIn', at: '2026-11-24 18:30:00', door: 'North gate 1' } });
    expect(readServerAnswer(checkIn, said('already_checked_in', { checkedInAt: '2026-11-24 18:30:00', message: 'Ticket already checked in' }))).toEqual({
      state: 'rejected',
      verdict: { kind: 'alreadyIn', at: '2026-11-24 18:30:00', door: null },
      message: 'Ticket already checked in',
    });
  });

  it('reads unknown and cancelled tickets as their verdicts, keeping the server\'s message or giving a few words', () => {
    expect(readServerAnswer(checkIn, said('not_found', { message: 'Ticket not found' }))).toEqual({ state: 'rejected', verdict: { kind: 'unknownTicket' }, message: 'Ticket not found' });
    expect(readServerAnswer(checkIn, said('not_found')).message).toBe('Unknown ticket');
    expect(readServerAnswer(checkIn, said('cancelled'))).toEqual({ state: 'rejected', verdict: { kind: 'cancelled' }, message: 'Ticket cancelled' });
  });

  it('keeps a result the API documents nowhere as a refusal in the server\'s own words, never drops it', () => {
    expect(readServerAnswer(checkIn, said('banned', { message: 'Guest is banned' }))).toEqual({ state: 'rejected', verdict: { kind: 'refusedByServer', message: 'Guest is banned' }, message: 'Guest is banned' });
    expect(readServerAnswer(checkIn, said('mystery_state'))).toEqual({ state: 'rejected', verdict: { kind: 'refusedByServer', message: 'Server answered "mystery_state"' }, message: 'Server answered "mystery_state"' });
    // Reading the kept words again gives the same verdict: what a database upgrade or an import does with a stored answer.
    const first = readServerAnswer(checkIn, said('mystery_state'));
    expect(readServerAnswer(checkIn, said('mystery_state', { message: first.message }))).toEqual(first);
  });

  it('reads check-outs their own way: out, unknown, or refused in words (never "already in")', () => {
    expect(readServerAnswer(checkOut, said('success'))).toEqual({ state: 'confirmed', verdict: { kind: 'checkedOut' }, message: null });
    // A check-out scan keeps "checked out" as its verdict even if the door's row said something else.
    expect(readServerAnswer({ ...checkOut, verdict: { kind: 'admitted' } }, said('success')).verdict).toEqual({ kind: 'checkedOut' });
    expect(readServerAnswer(checkOut, said('not_found'))).toMatchObject({ state: 'rejected', verdict: { kind: 'unknownTicket' } });
    expect(readServerAnswer(checkOut, said('not_checked_in', { checkedInAt: '2026-11-24 18:30:00' }))).toEqual({
      state: 'rejected',
      verdict: { kind: 'refusedByServer', message: 'Server answered "not_checked_in"' },
      message: 'Server answered "not_checked_in"',
    });
    expect(readServerAnswer(checkOut, said('cancelled')).verdict).toEqual({ kind: 'refusedByServer', message: 'Server answered "cancelled"' });
  });
});
