// Rows for the gateway store's tests: a forwarded check-in as the store records it, a guest-list entry.
import type { GuestListEntry } from '../../src/model/guestListEntry.ts';
import type { MovementInput } from '../gateway/store.ts';

export const LIST_EVENT = '60001c4569308525d873cbd7';
export const LIST_DAY = '2026-12-05';
export const LIST_PURCHASE = 'aaaaaaaaaaaaaaaaaaaaaaaa';
export const LIST_SUBTYPE = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/** A successful check-in at North gate 1 (device 1) on 24 November, 19:05, that puts the ticket in. */
export const movementInput = (ticketId: string, overrides: Partial<MovementInput> = {}): MovementInput => ({
  ticketId,
  direction: 'in',
  deviceId: 1,
  door: 'North gate 1',
  scanTime: '2026-11-24 19:05:00',
  source: 'doorlist',
  result: 'success',
  isAsync: false,
  receivedAt: '2026-11-24T19:05:01.000Z',
  presence: { status: 'in', door: 'North gate 1', scanTime: '2026-11-24 19:05:00', deviceId: 1, source: 'doorlist', upstreamId: null, reference: null, mode: 'always' },
  ...overrides,
});

/** Ticket `ticketRef` of one DesignMyNight booking on LIST_DAY's list. */
export function listEntry(ticketRef: number, overrides: Partial<GuestListEntry> = {}): GuestListEntry {
  return {
    key: `${LIST_PURCHASE}.${ticketRef}`,
    occurrence: LIST_DAY,
    purchaseId: LIST_PURCHASE,
    ticketRef,
    code: null,
    ticketObjectId: null,
    purchaseRef: 'DMN-1',
    reference: `DMN-1-${100 + ticketRef}`,
    guestName: `Guest ${ticketRef}`,
    ticketType: 'General admission',
    itemId: LIST_EVENT,
    subTypeId: LIST_SUBTYPE,
    refunded: false,
    checkedIn: false,
    ...overrides,
  };
}
