// From a scanned code to its guest-list entry and back, in one place. The mapping is an inference (see
// ../shared/api/dmn-event-guests.md): code `<first>.<middle>.<n>` is the list ticket with purchaseId = first and
// ticket_ref = n; the middle part is the event (item_id) or the ticket type (sub_type_id), so both are checked, and
// confirmed Tonic check-ins teach which one it is (mappingEvidence.ts, the gateway's guest list service).
import type { CodeMiddle, GuestListEntry } from './guestListEntry.ts';

export interface TonicCodeParts {
  purchaseId: string;
  middle: string;
  ticketRef: number;
}

/** Which list field the code's middle part equals. */
export type MiddleMatch = 'item' | 'subType' | 'both' | 'neither';

const TONIC_CODE = /^([0-9a-f]{24})\.([0-9a-f]{24})\.([1-9]\d{0,5})$/;

/** The three parts of a Tonic ticket code (hex compared lower-case), or null for anything else. */
export function parseTonicCode(code: string): TonicCodeParts | null {
  const match = TONIC_CODE.exec(code.trim().toLowerCase());
  if (!match) return null;
  return { purchaseId: match[1] ?? '', middle: match[2] ?? '', ticketRef: Number(match[3]) };
}

/** Which of a ticket's ids (a DMN list ticket, or a stored GuestListEntry) the middle part equals. */
export function middleMatch(middle: string, ticket: { itemId: string | null; subTypeId: string | null }): MiddleMatch {
  const item = ticket.itemId === middle;
  const subType = ticket.subTypeId === middle;
  if (item && subType) return 'both';
  if (item) return 'item';
  return subType ? 'subType' : 'neither';
}

/**
 * The key a scanned code is looked up by: `<purchaseId>.<ticketRef>` for a Tonic code (its middle part is checked
 * apart: middleMatch), the trimmed code itself for anything else (a RunSignup number from a file).
 */
export function listKeyOfCode(code: string): string {
  const tonic = parseTonicCode(code);
  return tonic ? listKeyOf(tonic.purchaseId, tonic.ticketRef) : code.trim();
}

/** Listed by a code that is not a Tonic code (a RunSignup number from a file): looked up as itself, no inference. */
export const listedByPlainCode = (entry: Pick<GuestListEntry, 'code'>): boolean => entry.code !== null && parseTonicCode(entry.code) === null;

/** The key of a list ticket known by its booking and its number in it (a DesignMyNight list, a file's purchase_id). */
export const listKeyOf = (purchaseId: string, ticketRef: number): string => `${purchaseId}.${ticketRef}`;

/**
 * The code to send Tonic for an entry found by reference or name (never scanned): the code itself when the source gave
 * it, else `<purchaseId>.<middle>.<ticketRef>` once the middle part is known. Null: the door cannot check this guest
 * in without their ticket (the mapping has not been seen yet).
 */
export function codeOfEntry(entry: GuestListEntry, codeMiddle: CodeMiddle | null): string | null {
  if (entry.code !== null) return entry.code;
  if (entry.purchaseId === null || entry.ticketRef === null || codeMiddle === null) return null;
  const middle = codeMiddle === 'item' ? entry.itemId : entry.subTypeId;
  return middle === null ? null : `${entry.purchaseId}.${middle}.${entry.ticketRef}`;
}
