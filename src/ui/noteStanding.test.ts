import { describe, expect, it } from 'vitest';
import type { MutationRow } from '../engine/viewTypes.ts';
import { WAITING_FOR_CHECK_IN } from '../sync/bookingNotes.ts';
import { noteStanding } from './BookingNotes.tsx';

const note = (change: Partial<MutationRow>): MutationRow => ({
  id: '01', kind: 'purchaseComment', purchaseId: 'p', ticketId: null, comments: 'Wheelchair space', createdAt: '2026-11-24T19:00:00.000Z',
  state: 'queued', attempts: 0, nextAttemptAt: 0, lastError: null, ...change,
});

describe('where a booking note stands, in words', () => {
  it('says what will happen to a note waiting for a check-in of its booking, and the state with the reason otherwise', () => {
    expect(noteStanding(note({ attempts: 1, lastError: WAITING_FOR_CHECK_IN }))).toBe(WAITING_FOR_CHECK_IN);
    expect(WAITING_FOR_CHECK_IN).toMatch(/^Waiting: the gateway takes a note once a ticket of this booking has been checked in\./);
    expect(noteStanding(note({}))).toBe('waiting to send');
    expect(noteStanding(note({ attempts: 1, lastError: 'No connection' }))).toBe('waiting to send: No connection');
    expect(noteStanding(note({ state: 'failed', lastError: 'Request refused (400)' }))).toBe('could not be saved: Request refused (400)');
  });
});
