// What one Tonic check-in entry means for one scan: confirmed or rejected, the server's verdict, and what the device
// learns of the ticket. The result strings are read once, by model/serverVerdict.ts; this keeps them verbatim for staff.
import type { TonicCheckInEntry } from '../api/tonicSchemas.ts';
import type { ScanRow, ServerResult, TicketRow } from '../db/tables.ts';
import type { Verdict } from '../model/verdict.ts';
import { readServerAnswer } from '../model/serverVerdict.ts';

export interface Interpretation {
  state: 'confirmed' | 'rejected';
  serverResult: ServerResult;
  /** The server's answer in the door's vocabulary: stored on the row (ScanRow.serverVerdict) with serverResult. */
  serverVerdict: Verdict;
  /** Fields of the ticket row to overwrite; status drives the next local verdict for this ticket. */
  ticket: Partial<Omit<TicketRow, 'ticketId'>>;
}

/** Tonic dates look like '2023-11-11 10:00:00.000000' in the venue zone; we keep 'YYYY-MM-DD HH:MM:SS'. */
const venueSeconds = (date: string | null | undefined): string | null => (date ? date.slice(0, 19) : null);

/** The server's words kept verbatim (its message, or the reading's few words when it sent none), read into a verdict. */
export function interpretServerWords(row: ScanRow, said: ServerResult): Pick<Interpretation, 'state' | 'serverResult' | 'serverVerdict'> {
  const reading = readServerAnswer(row, said);
  return { state: reading.state, serverResult: { ...said, message: reading.message }, serverVerdict: reading.verdict };
}

export function interpretCheckIn(row: ScanRow, entry: TonicCheckInEntry, receivedAt: string): Interpretation {
  const ticket = entry.ticket ?? null;
  const checkedInAt = venueSeconds(ticket?.checked_in?.date);
  const checkedInDevice = ticket?.check_in_device_name ?? null;
  const meaning = interpretServerWords(row, { result: entry.result, message: entry.message ?? null, checkedInAt, checkedInDevice, receivedAt });
  const known: Partial<Omit<TicketRow, 'ticketId'>> = {
    ...(ticket?.reference != null ? { reference: String(ticket.reference).toUpperCase() } : {}),
    ...(ticket?.guest_name ? { guestName: ticket.guest_name } : {}),
    updatedAt: receivedAt,
  };
  return { ...meaning, ticket: { ...known, ...ticketFacts(meaning.serverVerdict, row, checkedInAt, checkedInDevice) } };
}

/** What the server's verdict on a check-in says of the ticket: in (when and where), unknown, cancelled, or nothing new. */
function ticketFacts(verdict: Verdict, row: ScanRow, checkedInAt: string | null, checkedInDevice: string | null): Partial<TicketRow> {
  switch (verdict.kind) {
    case 'admitted':
      return { status: 'valid', checkedInAt: checkedInAt ?? row.venueTime, checkedInDoor: checkedInDevice ?? row.deviceName };
    case 'alreadyIn':
      return { status: 'valid', checkedInAt: verdict.at, checkedInDoor: verdict.door };
    case 'unknownTicket':
      return { status: 'unknown', checkedInAt: null, checkedInDoor: null };
    case 'cancelled':
      return { status: 'cancelled', checkedInAt: null, checkedInDoor: null };
    default:
      return {};
  }
}
