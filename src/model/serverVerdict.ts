// What the server's answer about one scan means at the door, in the closed verdict vocabulary. The one place Tonic's
// result strings are read: on a reply (sync's interpretCheckIn/Out), and for rows answered before the verdict was
// stored (the database's v8 upgrade, an import). The row keeps the verdict; screens read it, never the strings.
import type { Verdict } from './verdict.ts';

/** What the server said about one scan, as the device keeps it (db/tables.ts ServerResult holds these fields). */
export interface ServerWords {
  /** Tonic's `result`: 'success', 'not_found', 'cancelled', 'already_checked_in', or one the API documents nowhere. */
  result: string;
  message: string | null;
  /** Venue time 'YYYY-MM-DD HH:MM:SS' of the check-in the server knows of for the ticket, if any. */
  checkedInAt: string | null;
  checkedInDevice: string | null;
}

/** The scan an answer is about: its direction, its door verdict, and the door name and time it was sent with. */
export interface AnsweredScan {
  direction: 'in' | 'out';
  verdict: Verdict;
  deviceName: string;
  venueTime: string;
}

export interface ServerAnswerReading {
  state: 'confirmed' | 'rejected';
  /** The server's verdict for the scan. */
  verdict: Verdict;
  /** The server's own message, or, when it sent none with a refusal, the refusal in a few words: kept for staff and exports. */
  message: string | null;
}

/** A check-in the server took: the door's admission, green now (the ticket office checked what the guest list could not). */
function admittedByServer(verdict: Verdict): Verdict {
  if (verdict.kind !== 'admitted') return { kind: 'admitted' };
  const { unchecked: _unchecked, listAgeMinutes: _age, ...checked } = verdict;
  return checked;
}

const confirmed = (verdict: Verdict, said: ServerWords): ServerAnswerReading => ({ state: 'confirmed', verdict, message: said.message });
const rejected = (verdict: Verdict, message: string): ServerAnswerReading => ({ state: 'rejected', verdict, message });
/** A refusal in words this app has no verdict for: kept in the server's own words, never dropped. */
const refusedInWords = (said: ServerWords): ServerAnswerReading => {
  const message = said.message ?? `Server answered "${said.result}"`;
  return rejected({ kind: 'refusedByServer', message }, message);
};

/** What the server's answer `said` means for `scan`: confirmed or refused, and its verdict. */
export function readServerAnswer(scan: AnsweredScan, said: ServerWords): ServerAnswerReading {
  if (said.result === 'not_found') return rejected({ kind: 'unknownTicket' }, said.message ?? 'Unknown ticket');
  if (scan.direction === 'out') return said.result === 'success' ? confirmed({ kind: 'checkedOut' }, said) : refusedInWords(said);
  if (said.result === 'success') return confirmed(admittedByServer(scan.verdict), said);
  if (said.result === 'cancelled') return rejected({ kind: 'cancelled' }, said.message ?? 'Ticket cancelled');
  const at = said.checkedInAt;
  if (at === null) return refusedInWords(said);
  // Tonic takes no idempotency key: a resend after a lost reply comes back "already checked in" with our own device and time.
  if (said.checkedInDevice === scan.deviceName && at === scan.venueTime) return confirmed(admittedByServer(scan.verdict), said);
  const door = said.checkedInDevice;
  return rejected({ kind: 'alreadyIn', at, door }, said.message ?? `Already checked in at ${at.slice(11, 16)}${door ? `, ${door}` : ''}`);
}
