// From a scanned Tonic code to its guest-list ticket, in one place. The mapping is an inference (see
// ../shared/api/dmn-event-guests.md): code `<first>.<middle>.<n>` is the list ticket with purchaseId = first and
// ticket_ref = n; the middle part is the event (item_id) or the ticket type (sub_type_id), so both are checked.
import type { GuestList, GuestListPurchase, GuestListTicket } from './dmnGuestsClient.ts';

export interface TonicCodeParts {
  purchaseId: string;
  middle: string;
  ticketRef: number;
}

/** Which list field the code's middle part equals. */
export type MiddleMatch = 'item' | 'subType' | 'both' | 'neither';

export type CodeMatch =
  /** Not `<24 hex>.<24 hex>.<number>` (a RunSignup number, a typed reference): the list cannot place it by code. */
  | { kind: 'notTonicCode' }
  | { kind: 'purchaseNotOnList'; parts: TonicCodeParts }
  | { kind: 'ticketNotInPurchase'; parts: TonicCodeParts; purchase: GuestListPurchase }
  | { kind: 'onList'; parts: TonicCodeParts; purchase: GuestListPurchase; ticket: GuestListTicket; middle: MiddleMatch };

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

/** A list's purchases by purchase id, for lookups by code. A purchase id listed twice keeps its first entry. */
export function indexPurchases(list: GuestList): Map<string, GuestListPurchase> {
  const byId = new Map<string, GuestListPurchase>();
  for (const purchase of list.purchases) if (!byId.has(purchase.purchaseId)) byId.set(purchase.purchaseId, purchase);
  return byId;
}

/** Where a scanned code lands on the list (the door decides what that means; this only finds it). */
export function matchCode(purchases: ReadonlyMap<string, GuestListPurchase>, code: string): CodeMatch {
  const parts = parseTonicCode(code);
  if (!parts) return { kind: 'notTonicCode' };
  const purchase = purchases.get(parts.purchaseId);
  if (!purchase) return { kind: 'purchaseNotOnList', parts };
  const ticket = purchase.tickets.find((candidate) => candidate.ticketRef === parts.ticketRef);
  if (!ticket) return { kind: 'ticketNotInPurchase', parts, purchase };
  return { kind: 'onList', parts, purchase, ticket, middle: middleMatch(parts.middle, ticket) };
}
