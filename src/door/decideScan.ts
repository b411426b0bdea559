// The door decision, pure: what this device knows of a ticket (and its guest list says) -> a verdict, without I/O.
import type { ScanDirection, TicketRow } from '../db/tables.ts';
import { combinedEvidence, mappingState, type CodeMiddle, type GuestListEntry, type GuestListMeta, type MappingEvidence } from '../model/guestListEntry.ts';
import { parseTonicCode } from '../model/matchCode.ts';
import { purchaseIdOf, type ParsedPayload } from '../model/parsePayload.ts';
import type { GuestListPolicy } from '../settings/preferences.ts';
import type { ListedGuest, UncheckedReason, Verdict } from '../model/verdict.ts';

export type Decision =
  | { verdict: Verdict; ticketId: string; send: true }
  | { verdict: Verdict; ticketId: string | null; send: false };

/** What the door knows of its guest list at the moment of a scan (read by recordScan in the scan's transaction). */
export interface DoorList {
  /** The occurrence the door checks in (YYYY-MM-DD, venue calendar). */
  doorDate: string;
  nowMs: number;
  policy: GuestListPolicy;
  /** Null: no list on this device. */
  meta: GuestListMeta | null;
  localMapping: MappingEvidence;
  localCodeMiddle: CodeMiddle | null;
}

/** The list's entries for one scan. */
export interface ListFacts {
  list: DoorList;
  /** The entries whose key is the scanned (or resolved) code's, on every date the device holds. */
  entries: readonly GuestListEntry[];
  /** The entries a typed reference (ticket or booking) found, when it was not known on this device. */
  byReference: readonly GuestListEntry[];
}

/** How the list stands for the door's date: none, too old, or current. */
export type ListStanding = { kind: 'none' } | { kind: 'stale'; ageMinutes: number | null } | { kind: 'current'; ageMinutes: number };

export function listStanding(list: DoorList): ListStanding {
  const { meta } = list;
  if (!meta || !meta.occurrences.includes(list.doorDate)) return { kind: 'none' };
  // The door's own date's read time when the list says it (another date's older read must not age tonight's list).
  const fetchedAt = meta.fetchedAtByDate?.[list.doorDate] ?? meta.fetchedAt;
  const fetchedMs = fetchedAt === null ? Number.NaN : Date.parse(fetchedAt);
  if (Number.isNaN(fetchedMs)) return { kind: 'stale', ageMinutes: null };
  const ageMinutes = Math.max(0, Math.floor((list.nowMs - fetchedMs) / 60_000));
  return list.nowMs - fetchedMs > list.policy.maxAgeMinutes * 60_000 ? { kind: 'stale', ageMinutes } : { kind: 'current', ageMinutes };
}

/** Which id a code's middle part is: the list's (learned from every door), else this device's own evidence. */
export const codeMiddleOf = (list: Pick<DoorList, 'meta' | 'localCodeMiddle'>): CodeMiddle | null => list.meta?.codeMiddle ?? list.localCodeMiddle;

export const listedGuest = (entry: GuestListEntry): ListedGuest => ({ name: entry.guestName, ticketType: entry.ticketType, reference: entry.reference });

/** The entry for the door's date first, then the others in date order: what a typed reference means at this door. */
export function entryForDoor(entries: readonly GuestListEntry[], doorDate: string): GuestListEntry | null {
  return entries.find((entry) => entry.occurrence === doorDate) ?? [...entries].sort((a, b) => a.occurrence.localeCompare(b.occurrence))[0] ?? null;
}

const NOT_KNOWN_REFERENCE = 'this booking reference is not known on this device yet';
const NOT_LISTED_REFERENCE = 'this booking reference is not on the guest list, nor known on this device';

/**
 * `known` is this device's row for the ticket (null when never seen); `facts` what its guest list says (absent: the
 * device decides without a list, as before the guest list existed: a ticket never seen is admitted). With a list the
 * table in docs/guest-list.md "At the door" applies: on the list for the door's date -> admitted by name; refunded,
 * another date, another event, not on a current confirmed list -> refused; no usable list -> the door's policy.
 */
export function decideScan(parsed: ParsedPayload, resolvedTicketId: string | null, known: TicketRow | null, direction: ScanDirection = 'in', facts?: ListFacts): Decision {
  const refuse = (verdict: Verdict, ticketId: string | null = resolvedTicketId): Decision => ({ verdict, ticketId, send: false });
  if (parsed.kind === 'notATicket') {
    const booking = facts?.byReference ?? [];
    if (booking.length > 1) return refuse({ kind: 'severalOnList', purchaseRef: booking[0]?.purchaseRef ?? '', count: booking.length }, null);
    return refuse({ kind: 'notATicket', reason: parsed.reason }, null);
  }
  if (resolvedTicketId === null) {
    const found = facts ? entryForDoor(facts.byReference, facts.list.doorDate) : null;
    // What the list says of the ticket comes first: a refunded or another night's reference is not "found".
    if (found?.refunded) return refuse({ kind: 'refunded', guest: listedGuest(found) }, null);
    if (found && facts && found.occurrence !== facts.list.doorDate) return refuse({ kind: 'otherDate', date: found.occurrence, doorDate: facts.list.doorDate, guest: listedGuest(found) }, null);
    if (found) return refuse({ kind: 'foundNoCode', guest: listedGuest(found) }, null);
    const listed = facts !== undefined && listStanding(facts.list).kind !== 'none';
    return refuse({ kind: 'notATicket', reason: listed ? NOT_LISTED_REFERENCE : NOT_KNOWN_REFERENCE }, null);
  }
  if (known?.status === 'unknown') return refuse({ kind: 'unknownTicket' });
  if (known?.status === 'cancelled') return refuse({ kind: 'cancelled' });
  // Checking out is always sent: another door may have checked the guest in without this device knowing.
  if (direction === 'out') return { verdict: { kind: 'checkedOut' }, ticketId: resolvedTicketId, send: true };
  const alreadyIn = (): Decision | null => (known?.checkedInAt ? refuse({ kind: 'alreadyIn', at: known.checkedInAt, door: known.checkedInDoor }) : null);
  const admit = (verdict: Extract<Verdict, { kind: 'admitted' }>): Decision => ({ verdict, ticketId: resolvedTicketId, send: true });
  if (!facts) return alreadyIn() ?? admit({ kind: 'admitted' });
  return decideWithList(resolvedTicketId, facts, alreadyIn, admit, refuse);
}

function decideWithList(
  code: string,
  { list, entries }: ListFacts,
  alreadyIn: () => Decision | null,
  admit: (verdict: Extract<Verdict, { kind: 'admitted' }>) => Decision,
  refuse: (verdict: Verdict) => Decision,
): Decision {
  const { meta } = list;
  const checkId = meta?.minimumAge ? { checkId: meta.minimumAge } : {};
  const standing = listStanding(list);
  const mapping = mappingState(combinedEvidence(meta?.mapping, list.localMapping));
  const tonic = parseTonicCode(code);
  const forDoor = entries.find((entry) => entry.occurrence === list.doorDate);

  if (forDoor) {
    const guest = listedGuest(forDoor);
    if (forDoor.refunded) return refuse({ kind: 'refunded', guest });
    const inHere = alreadyIn();
    if (inHere) return inHere;
    if (forDoor.checkedIn) return refuse({ kind: 'alreadyInOnList', guest });
    // Found on an old list: the guest is known, but a refund made since would not show; the staff see why it is amber.
    if (standing.kind === 'stale') return admit({ kind: 'admitted', guest, unchecked: 'staleList', ...ageOf(standing), ...checkId });
    return admit({ kind: 'admitted', guest, ...checkId });
  }
  // A ticket's date never changes: the list's word on it holds even when the list for the door's date is old or missing.
  const elsewhere = entryForDoor(entries, list.doorDate);
  if (elsewhere) return refuse({ kind: 'otherDate', date: elsewhere.occurrence, doorDate: list.doorDate, guest: listedGuest(elsewhere) });
  // The middle part of a Tonic code is the event once a confirmed check-in showed it: another id there is another event.
  if (meta && tonic && mapping !== 'broken' && codeMiddleOf(list) === 'item' && tonic.middle !== meta.eventId.trim().toLowerCase()) {
    return refuse({ kind: 'otherEvent' });
  }
  const inHere = alreadyIn();
  if (inHere) return inHere;

  // Any code of Tonic's shape is the list's to vouch for (`.0` or `.01` too, which no real ticket has). A number is listed
  // by the code itself (a file's code column, on the door's date): no inference, so the mapping's standing does not matter.
  const tonicShaped = tonic !== null || purchaseIdOf(code) !== null;
  const numbersListed = meta?.numberDates ? meta.numberDates.includes(list.doorDate) : meta?.holdsNumbers === true;
  const reason = uncheckedReason(standing, tonicShaped || numbersListed, tonicShaped ? mapping : 'confirmed');
  if (reason === null) return refuse({ kind: 'notOnList' });
  const age = reason === 'staleList' && standing.kind === 'stale' ? ageOf(standing) : {};
  if (list.policy.unknownCodes === 'refuse') return refuse({ kind: 'noGuestList', reason, ...age });
  return admit({ kind: 'admitted', unchecked: reason, ...age, ...checkId });
}

const ageOf = (standing: { ageMinutes: number | null }): { listAgeMinutes?: number } => (standing.ageMinutes === null ? {} : { listAgeMinutes: standing.ageMinutes });

/** Why a code not on the list cannot be refused as "Not on the guest list"; null: it can. */
function uncheckedReason(standing: ListStanding, listCoversCode: boolean, mapping: ReturnType<typeof mappingState>): UncheckedReason | null {
  if (standing.kind === 'none') return 'noList';
  if (standing.kind === 'stale') return 'staleList';
  if (!listCoversCode) return 'numbers';
  if (mapping === 'broken') return 'broken';
  return mapping === 'unconfirmed' ? 'notConfirmed' : null;
}
