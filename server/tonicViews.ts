// Read models of the emulated Tonic API: the event's occurrences and a purchase as Update Purchase returns it.
import { DEMO_EVENT, DEMO_TICKET_TYPE_IDS, type DemoPurchase } from './demoData.ts';
import type { EmulatorState } from './emulatorState.ts';
import { tonicCheckedIn, type TonicCheckedIn } from './tonicCheckins.ts';
import { addDays, niceDate, venueDate, venueDateTime } from './venueTime.ts';

const DAY_MS = 86_400_000;
/** Capacity of tonight's show; above the ticket count so the demo is busy but not sold out. */
const TONIGHT_CAPACITY = 320;
/** Tomorrow is shown sold out so the app has both cases to display. */
const TOMORROW_CAPACITY = 150;

export interface TonicOccurrence {
  occurrence_date: string;
  occurrence_start: string;
  occurrence_end: string;
  on_sale: boolean;
  is_cancelled: boolean;
  nice_date: string;
  max_total_tickets: number;
  total_sales_tickets: number;
  sold_out: boolean;
}

function occurrence(date: string, capacity: number, sales: number): TonicOccurrence {
  const soldOut = sales >= capacity;
  return {
    occurrence_date: date,
    occurrence_start: DEMO_EVENT.startTime,
    occurrence_end: DEMO_EVENT.endTime,
    on_sale: !soldOut,
    is_cancelled: false,
    nice_date: niceDate(date),
    max_total_tickets: capacity,
    total_sales_tickets: sales,
    sold_out: soldOut,
  };
}

/** Today's and tomorrow's shows in the venue's calendar, filtered to [from, to] (dates compare as text). */
export function occurrencesBetween(state: EmulatorState, from: string, to: string): TonicOccurrence[] {
  const today = venueDate(state.clock(), DEMO_EVENT.timeZone);
  const soldTonight = state.catalog.tickets.filter((ticket) => !ticket.cancelled).length;
  const all = [occurrence(today, TONIGHT_CAPACITY, soldTonight), occurrence(addDays(today, 1), TOMORROW_CAPACITY, TOMORROW_CAPACITY)];
  return all.filter((entry) => entry.occurrence_date >= from && entry.occurrence_date <= to);
}

export interface TonicPurchaseView {
  _id: string;
  purchase_id: number;
  created_date: string;
  email: string;
  address: { first_name: string; last_name: string };
  status: 'complete';
  currency: 'GBP';
  comments: string | null;
  item_id: string;
  item_date: string;
  items: Array<{
    _id: string;
    name: string;
    sub_type: string;
    sub_type_name: string;
    quantity: number;
    ticket_list: Array<{ _id: string; reference: string; checked_in: TonicCheckedIn | null }>;
  }>;
  item: { _id: string; title: string; minimum_age: string; timezone: string; start_time: string; end_time: string };
}

export function purchaseView(state: EmulatorState, purchase: DemoPurchase): TonicPurchaseView {
  const created = new Date(state.startedAt.getTime() - purchase.createdDaysAgo * DAY_MS);
  return {
    _id: purchase.objectId,
    purchase_id: purchase.purchaseNumber,
    created_date: venueDateTime(created, DEMO_EVENT.timeZone),
    email: purchase.email,
    address: { first_name: purchase.firstName, last_name: purchase.lastName },
    status: 'complete',
    currency: 'GBP',
    comments: state.purchaseComments.get(purchase.objectId) ?? null,
    item_id: DEMO_EVENT.objectId,
    item_date: `${venueDate(state.clock(), DEMO_EVENT.timeZone)} 00:00:00`,
    items: purchase.items.map((item) => ({
      _id: item.objectId,
      name: DEMO_EVENT.title,
      sub_type: DEMO_TICKET_TYPE_IDS[item.ticketType],
      sub_type_name: item.ticketType,
      quantity: item.ticketIds.length,
      ticket_list: item.ticketIds.flatMap((ticketId) => {
        const ticket = state.ticketsById.get(ticketId);
        return ticket ? [{ _id: ticket.objectId, reference: ticket.reference, checked_in: tonicCheckedIn(state.checkIns.get(ticketId)) }] : [];
      }),
    })),
    item: {
      _id: DEMO_EVENT.objectId,
      title: DEMO_EVENT.title,
      minimum_age: DEMO_EVENT.minimumAge,
      timezone: DEMO_EVENT.timeZone,
      start_time: DEMO_EVENT.startTime,
      end_time: DEMO_EVENT.endTime,
    },
  };
}
