// The door rules of the emulated Tonic API: check-in and check-out of a batch, one result per ticket, in order.
import { DEMO_CHECKED_IN_BY, DEMO_EVENT, type DemoTicket } from './demoData.ts';
import type { EmulatorState, TicketCheckIn, TicketMovementLogEntry } from './emulatorState.ts';
import type { TicketBatchItem } from './tonicSchemas.ts';

export interface TonicCheckedIn {
  date: string;
  timezone_type: 3;
  timezone: string;
}

export interface TonicTicketView {
  _id: string;
  reference: string;
  guest_name: string;
  guest_email: string;
  checked_in: TonicCheckedIn | null;
  checked_in_by: string | null;
  check_in_device_name: string | null;
  check_in_source: string | null;
}

export interface NotFoundEntry {
  _id: null;
  result: 'not_found';
  message: 'Ticket not found';
}

export type CheckInEntry =
  | { _id: string; result: 'success' | 'already_checked_in' | 'cancelled'; ticket: TonicTicketView }
  | NotFoundEntry;

export type CheckOutEntry = { _id: string; reference: string; checked_in: null } | NotFoundEntry;

export interface BatchContext {
  async: boolean;
  /** Arrival time of the request (ISO), kept in the log even when an async batch runs later. */
  receivedAt: string;
}

const NOT_FOUND: NotFoundEntry = { _id: null, result: 'not_found', message: 'Ticket not found' };

/** Tonic's date object: the sent wall-clock time with microseconds, labelled with the venue zone. */
export function tonicCheckedIn(checkIn: TicketCheckIn | undefined): TonicCheckedIn | null {
  return checkIn ? { date: `${checkIn.time}.000000`, timezone_type: 3, timezone: DEMO_EVENT.timeZone } : null;
}

function ticketView(ticket: DemoTicket, checkIn: TicketCheckIn | undefined): TonicTicketView {
  return {
    _id: ticket.objectId,
    reference: ticket.reference,
    guest_name: ticket.guestName,
    guest_email: ticket.guestEmail,
    checked_in: tonicCheckedIn(checkIn),
    checked_in_by: checkIn ? DEMO_CHECKED_IN_BY : null,
    check_in_device_name: checkIn?.deviceName ?? null,
    check_in_source: checkIn?.source ?? null,
  };
}

function logEntry(item: TicketBatchItem, context: BatchContext, result: string): TicketMovementLogEntry {
  return {
    ticket_id: item.ticket_id,
    device_name: item.device_name,
    time: item.time,
    source: item.source,
    async: context.async,
    result,
    receivedAt: context.receivedAt,
  };
}

function checkInOne(state: EmulatorState, item: TicketBatchItem): CheckInEntry {
  const ticket = state.ticketsById.get(item.ticket_id);
  if (!ticket) return NOT_FOUND;
  if (ticket.cancelled) return { _id: ticket.objectId, result: 'cancelled', ticket: ticketView(ticket, undefined) };
  const existing = state.checkIns.get(ticket.ticketId);
  // A second scan never overwrites the first: staff need to see when and where the guest really came in.
  if (existing) return { _id: ticket.objectId, result: 'already_checked_in', ticket: ticketView(ticket, existing) };
  const checkIn: TicketCheckIn = { time: item.time, deviceName: item.device_name, source: item.source };
  state.checkIns.set(ticket.ticketId, checkIn);
  if (ticket.runsignupTicketId !== null) {
    state.windowCounts.set(ticket.runsignupTicketId, (state.windowCounts.get(ticket.runsignupTicketId) ?? 0) + 1);
  }
  return { _id: ticket.objectId, result: 'success', ticket: ticketView(ticket, checkIn) };
}

/** Applies a check-in batch in request order (so a ticket twice in one batch is in, then already in). */
export function checkInBatch(state: EmulatorState, items: readonly TicketBatchItem[], context: BatchContext): CheckInEntry[] {
  return items.map((item) => {
    const entry = checkInOne(state, item);
    state.checkinLog.push(logEntry(item, context, entry.result));
    return entry;
  });
}

/** Applies a check-out batch; clearing the check-in is what allows re-entry. */
export function checkOutBatch(state: EmulatorState, items: readonly TicketBatchItem[], context: BatchContext): CheckOutEntry[] {
  return items.map((item) => {
    const ticket = state.ticketsById.get(item.ticket_id);
    if (!ticket) {
      state.checkoutLog.push(logEntry(item, context, NOT_FOUND.result));
      return NOT_FOUND;
    }
    state.checkIns.delete(ticket.ticketId);
    state.checkoutLog.push(logEntry(item, context, 'success'));
    return { _id: ticket.objectId, reference: ticket.reference, checked_in: null };
  });
}

/** True when no ticket of the batch is known: Tonic answers such a batch with a 404 instead of results. */
export function isAllUnknown(state: EmulatorState, items: readonly TicketBatchItem[]): boolean {
  return items.every((item) => !state.ticketsById.has(item.ticket_id));
}
