// What one Tonic check-in entry means for one scan: confirmed or rejected, and what the device learns of the ticket.
import type { TonicCheckInEntry } from '../api/tonicSchemas.ts';
import type { ScanRow, ServerResult, TicketRow } from '../db/tables.ts';

export interface Interpretation {
  state: 'confirmed' | 'rejected';
  serverResult: ServerResult;
  /** Fields of the ticket row to overwrite; status drives the next local verdict for this ticket. */
  ticket: Partial<Omit<TicketRow, 'ticketId'>>;
}

/** Tonic dates look like '2023-11-11 10:00:00.000000' in the venue zone; we keep 'YYYY-MM-DD HH:MM:SS'. */
const venueSeconds = (date: string | null | undefined): string | null => (date ? date.slice(0, 19) : null);

const clock = (venueTime: string | null): string => (venueTime ? venueTime.slice(11, 16) : 'an unknown time');

export function interpretCheckIn(row: ScanRow, entry: TonicCheckInEntry, receivedAt: string): Interpretation {
  const ticket = entry.ticket ?? null;
  const checkedInAt = venueSeconds(ticket?.checked_in?.date);
  const checkedInDevice = ticket?.check_in_device_name ?? null;
  const serverResult: ServerResult = {
    result: entry.result,
    message: entry.message ?? null,
    checkedInAt,
    checkedInDevice,
    receivedAt,
  };
  const known: Partial<Omit<TicketRow, 'ticketId'>> = {
    ...(ticket?.reference != null ? { reference: String(ticket.reference).toUpperCase() } : {}),
    ...(ticket?.guest_name ? { guestName: ticket.guest_name } : {}),
    updatedAt: receivedAt,
  };

  if (entry.result === 'success') {
    return { state: 'confirmed', serverResult, ticket: { ...known, status: 'valid', checkedInAt: checkedInAt ?? row.venueTime, checkedInDoor: checkedInDevice ?? row.deviceName } };
  }
  if (entry.result === 'not_found') {
    return { state: 'rejected', serverResult: { ...serverResult, message: serverResult.message ?? 'Unknown ticket' }, ticket: { ...known, status: 'unknown', checkedInAt: null, checkedInDoor: null } };
  }
  if (entry.result === 'cancelled') {
    return { state: 'rejected', serverResult: { ...serverResult, message: serverResult.message ?? 'Ticket cancelled' }, ticket: { ...known, status: 'cancelled', checkedInAt: null, checkedInDoor: null } };
  }
  if (checkedInAt !== null) {
    // Tonic takes no idempotency key: a resend after a lost reply comes back "already checked in" with our own device and time.
    if (checkedInDevice === row.deviceName && checkedInAt === row.venueTime) {
      return { state: 'confirmed', serverResult, ticket: { ...known, status: 'valid', checkedInAt, checkedInDoor: checkedInDevice } };
    }
    return {
      state: 'rejected',
      serverResult: { ...serverResult, message: serverResult.message ?? `Already checked in at ${clock(checkedInAt)}${checkedInDevice ? `, ${checkedInDevice}` : ''}` },
      ticket: { ...known, status: 'valid', checkedInAt, checkedInDoor: checkedInDevice },
    };
  }
  // A result the API documents nowhere: keep it as a rejection in the server's own words, never drop it.
  return { state: 'rejected', serverResult: { ...serverResult, message: serverResult.message ?? `Server answered "${entry.result}"` }, ticket: known };
}
