// The guest list as the gateway keeps it, sends it and a device stores it: one entry per ticket, no email, no phone.
// Shared by the gateway (server/gateway/guestList), the device (src/guestlist, src/db) and the file importer.

/** One ticket on the list. */
export interface GuestListEntry {
  /** The lookup key of a scanned code: see `listKeyOfCode` (matchCode.ts). Unique within one occurrence. */
  key: string;
  /** The date (YYYY-MM-DD, venue calendar) the ticket is for. */
  occurrence: string;
  /** 24-hex, lower case; null for a file row that gives only a code. */
  purchaseId: string | null;
  /** The ticket's number within its purchase (DMN `ticket_ref`), the last part of a Tonic code. */
  ticketRef: number | null;
  /** The scannable code itself, when the source gives it (a file's `code` column); null for a DMN list. */
  code: string | null;
  /** The ticket's own id (DMN `_id`), lower case. */
  ticketObjectId: string | null;
  /** The booking's reference, e.g. `DMN-7930721728` (DMN `purchaseRef`). */
  purchaseRef: string | null;
  /** The ticket's reference as staff type it, upper case, e.g. `DMN-7930721728-176`. */
  reference: string | null;
  guestName: string;
  ticketType: string;
  /** The event (DMN `item_id`) and ticket type (`sub_type_id`), lower case. */
  itemId: string | null;
  subTypeId: string | null;
  refunded: boolean;
  checkedIn: boolean;
}

/** Which part of a Tonic code's middle names: learned from Tonic-confirmed check-ins of listed codes. */
export type CodeMiddle = 'item' | 'subType';

/**
 * What check-ins Tonic confirmed say about the inferred code-to-list mapping (../shared/api/dmn-event-guests.md).
 * `listedConfirmed`: confirmed check-ins of codes found on the list. `unlistedConfirmed`: of codes NOT on the list
 * (for the door's occurrence): each one is a guest the list would have refused wrongly.
 */
export interface MappingEvidence {
  listedConfirmed: number;
  unlistedConfirmed: number;
}

/** Past this many Tonic-confirmed check-ins of unlisted codes, doors stop refusing unknown codes (the mapping is wrong). */
export const UNLISTED_CONFIRMED_LIMIT = 3;

export type MappingState = 'unconfirmed' | 'confirmed' | 'broken';

/** The door's evidence: the larger count of the list's (the gateway's, from every door) and this device's own. */
export function combinedEvidence(listed: MappingEvidence | null | undefined, local: MappingEvidence): MappingEvidence {
  return {
    listedConfirmed: Math.max(listed?.listedConfirmed ?? 0, local.listedConfirmed),
    unlistedConfirmed: Math.max(listed?.unlistedConfirmed ?? 0, local.unlistedConfirmed),
  };
}

export function mappingState(evidence: MappingEvidence): MappingState {
  if (evidence.unlistedConfirmed >= UNLISTED_CONFIRMED_LIMIT) return 'broken';
  return evidence.listedConfirmed > 0 ? 'confirmed' : 'unconfirmed';
}

/** What is known about the list as a whole (the gateway's, or this device's own for a direct setup or a file). */
export interface GuestListMeta {
  /** The event the doors check in (Tonic `eventId` = DMN event id). */
  eventId: string;
  source: 'dmn' | 'file';
  /** The gateway's list version (grows with every change); 0 for a list this device read itself. */
  version: number;
  /** The dates the list holds, sorted. */
  occurrences: string[];
  /** When the source was last read successfully (ISO): the list's age counts from here. Null: never. */
  fetchedAt: string | null;
  /** Entries (tickets) on the list, all occurrences. */
  size: number;
  /** The list has entries keyed by a plain code (a file brought codes): it covers RunSignup numbers too. */
  holdsNumbers: boolean;
  /**
   * Optional (added later): when each date's list was last read from its source (ISO). A door judges the age of its own
   * date's list by this, not by `fetchedAt` (the oldest of all dates): a file imported for another night, or last
   * night's list kept after midnight, must not make tonight's list look old. Absent: `fetchedAt` for every date.
   */
  fetchedAtByDate?: Record<string, string>;
  /** Optional (added later): the dates whose list holds plain codes (ticket numbers). Absent: `holdsNumbers` for every date. */
  numberDates?: string[];
  /** Which id a code's middle part is; null until a confirmed check-in showed it. */
  codeMiddle: CodeMiddle | null;
  mapping: MappingEvidence;
  /** The event's minimum age as Tonic gives it (`item.minimum_age`, e.g. "Over 18"); null: none known. */
  minimumAge: string | null;
}

// ---- Wire format of GET /api/guestlist (gateway -> device): NDJSON, one JSON value per line ----
//   {"t":"head","version":V,"full":true|false,"meta":GuestListMeta|null,"error":string|null}
//   [entry tuple]                      one line per entry added or changed (see encodeEntry)
//   {"t":"del","key":K,"occurrence":D} one line per entry gone since the device's version
//   {"t":"end","version":V,"puts":N,"dels":M}
// A stream without its end line is incomplete and must not be applied. `full: true` replaces the device's whole list.
// `meta: null` (with `full: true`): the gateway holds no list at all. `error`: why the gateway's last refresh brought no
// list, in words door staff can read (null or absent when it did).

export type WireHead = { t: 'head'; version: number; full: boolean; meta: GuestListMeta | null; error?: string | null };
export type WireDelete = { t: 'del'; key: string; occurrence: string };
export type WireEnd = { t: 'end'; version: number; puts: number; dels: number };

/** The compact form of an entry on the wire: a tuple (100,000 entries without their field names). */
export type WireEntry = [
  key: string,
  occurrence: string,
  purchaseId: string | null,
  ticketRef: number | null,
  code: string | null,
  ticketObjectId: string | null,
  purchaseRef: string | null,
  reference: string | null,
  guestName: string,
  ticketType: string,
  itemId: string | null,
  subTypeId: string | null,
  /** bit 0: refunded, bit 1: checked in */
  flags: number,
];

export function encodeEntry(entry: GuestListEntry): WireEntry {
  return [
    entry.key,
    entry.occurrence,
    entry.purchaseId,
    entry.ticketRef,
    entry.code,
    entry.ticketObjectId,
    entry.purchaseRef,
    entry.reference,
    entry.guestName,
    entry.ticketType,
    entry.itemId,
    entry.subTypeId,
    (entry.refunded ? 1 : 0) | (entry.checkedIn ? 2 : 0),
  ];
}

const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** An entry from its wire tuple, or null when the line is not one (the caller names the line). */
export function decodeEntry(value: unknown): GuestListEntry | null {
  if (!Array.isArray(value) || value.length !== 13) return null;
  const [key, occurrence, purchaseId, ticketRef, code, ticketObjectId, purchaseRef, reference, guestName, ticketType, itemId, subTypeId, flags] = value as unknown[];
  if (typeof key !== 'string' || key === '' || typeof occurrence !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(occurrence)) return null;
  if (!isStringOrNull(purchaseId) || !isStringOrNull(code) || !isStringOrNull(ticketObjectId) || !isStringOrNull(purchaseRef) || !isStringOrNull(reference)) return null;
  if (!isStringOrNull(itemId) || !isStringOrNull(subTypeId) || typeof guestName !== 'string' || typeof ticketType !== 'string') return null;
  if (!(ticketRef === null || (typeof ticketRef === 'number' && Number.isInteger(ticketRef))) || typeof flags !== 'number') return null;
  return { key, occurrence, purchaseId, ticketRef, code, ticketObjectId, purchaseRef, reference, guestName, ticketType, itemId, subTypeId, refunded: (flags & 1) !== 0, checkedIn: (flags & 2) !== 0 };
}
