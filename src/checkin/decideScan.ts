// The door decision, pure: what this device knows of a ticket -> a verdict, without I/O.
import type { ScanDirection, TicketRow } from '../db/tables.ts';
import type { ParsedPayload } from '../scan/parsePayload.ts';
import type { Verdict } from './verdict.ts';

export type Decision =
  | { verdict: Verdict; ticketId: string; send: true }
  | { verdict: Verdict; ticketId: string | null; send: false };

/**
 * `known` is this device's row for the ticket (null when never seen). A ticket the device has
 * never seen is admitted: the door cannot wait for the network, and the server's answer later
 * turns an unknown or cancelled ticket into a rejection that staff see.
 */
export function decideScan(parsed: ParsedPayload, resolvedTicketId: string | null, known: TicketRow | null, direction: ScanDirection = 'in'): Decision {
  if (parsed.kind === 'notATicket') return { verdict: { kind: 'notATicket', reason: parsed.reason }, ticketId: null, send: false };
  if (resolvedTicketId === null) {
    return {
      verdict: { kind: 'notATicket', reason: 'this booking reference is not known on this device yet' },
      ticketId: null,
      send: false,
    };
  }
  if (known?.status === 'unknown') return { verdict: { kind: 'unknownTicket' }, ticketId: resolvedTicketId, send: false };
  if (known?.status === 'cancelled') return { verdict: { kind: 'cancelled' }, ticketId: resolvedTicketId, send: false };
  // Checking out is always sent: another door may have checked the guest in without this device knowing.
  if (direction === 'out') return { verdict: { kind: 'checkedOut' }, ticketId: resolvedTicketId, send: true };
  if (known?.checkedInAt) {
    return {
      verdict: { kind: 'alreadyIn', at: known.checkedInAt, door: known.checkedInDoor },
      ticketId: resolvedTicketId,
      send: false,
    };
  }
  return { verdict: { kind: 'admitted' }, ticketId: resolvedTicketId, send: true };
}
