// Read model of the emulated DesignMyNight Event Guests API: the demo purchases as one occurrence's guest list.
import { DEMO_CHECKED_IN_BY, DEMO_EVENT, DEMO_TICKET_TYPE_IDS, type DemoPurchase, type DemoTicket } from './demoData.ts';
import type { EmulatorState } from './emulatorState.ts';
import { venueDate } from './venueTime.ts';

export interface DmnTicketView {
  _id: string;
  /** The ticket's number within its purchase: the last part of its Tonic code. */
  ticket_ref: number;
  reference: number;
  checked_in: boolean;
  checked_in_by: string | null;
  guest_name: string;
  guest_email: string;
  refunded: boolean;
  item_id: string;
  item_name: string;
  sub_type_id: string;
  sub_type_name: string;
}

export interface DmnGuestView {
  purchaseId: string;
  purchaseRef: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  numPeople: number;
  subType: string;
  subTypeName: string;
  checkedIn: boolean;
  checkedInGuests: number;
  checkedInTickets: string[];
  comments: string | null;
  source: string;
  ticketList: DmnTicketView[];
}

/** A UK drama-range mobile number (07700 900000–900999, never a real line), fixed per purchase. */
function demoPhone(purchase: DemoPurchase): string {
  return `+44 7700 900${String(purchase.purchaseNumber % 1000).padStart(3, '0')}`;
}

/** The integer at the end of a Tonic reference such as `DMN-7930721728-176`. */
function referenceNumber(ticket: DemoTicket): number {
  return Number(/(\d+)$/.exec(ticket.reference)?.[1] ?? '0');
}

function ticketView(state: EmulatorState, ticket: DemoTicket, ticketRef: number): DmnTicketView {
  const checkedIn = state.checkIns.has(ticket.ticketId);
  return {
    _id: ticket.objectId,
    ticket_ref: ticketRef,
    reference: referenceNumber(ticket),
    checked_in: checkedIn,
    checked_in_by: checkedIn ? DEMO_CHECKED_IN_BY : null,
    guest_name: ticket.guestName,
    guest_email: ticket.guestEmail,
    refunded: ticket.cancelled,
    item_id: DEMO_EVENT.objectId,
    item_name: DEMO_EVENT.title,
    sub_type_id: DEMO_TICKET_TYPE_IDS[ticket.ticketType],
    sub_type_name: ticket.ticketType,
  };
}

function guestView(state: EmulatorState, purchase: DemoPurchase): DmnGuestView {
  const tickets = purchase.items.flatMap((item) =>
    item.ticketIds.flatMap((ticketId, index) => {
      const ticket = state.ticketsById.get(ticketId);
      return ticket ? [ticketView(state, ticket, index + 1)] : [];
    }),
  );
  const checkedIn = tickets.filter((ticket) => ticket.checked_in);
  const ticketType = purchase.items[0]?.ticketType ?? 'General admission';
  return {
    purchaseId: purchase.objectId,
    purchaseRef: `DMN-${purchase.purchaseNumber}`,
    firstName: purchase.firstName,
    lastName: purchase.lastName,
    email: purchase.email,
    phone: demoPhone(purchase),
    numPeople: tickets.length,
    subType: DEMO_TICKET_TYPE_IDS[ticketType],
    subTypeName: ticketType,
    checkedIn: checkedIn.length > 0,
    checkedInGuests: checkedIn.length,
    checkedInTickets: checkedIn.map((ticket) => ticket._id),
    comments: state.purchaseComments.get(purchase.objectId) ?? null,
    source: 'tonic',
    ticketList: tickets,
  };
}

/**
 * The guests of one occurrence. Every demo purchase is for tonight (Tonic's Update Purchase says so in `item_date`), so
 * tonight's list holds them all and any other occurrence's list is empty.
 */
export function guestsForOccurrence(state: EmulatorState, occurrence: string): DmnGuestView[] {
  if (occurrence !== venueDate(state.clock(), DEMO_EVENT.timeZone)) return [];
  return state.catalog.purchases.map((purchase) => guestView(state, purchase));
}
