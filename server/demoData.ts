// The demo event, purchases and tickets: deterministic (seeded), so tests and the e2e can name tickets by id.
import { DEMO_FIRST_NAMES, DEMO_LAST_NAMES } from './demoNames.ts';
import { createSeededRandom, type SeededRandom } from './seededRandom.ts';
import { VENUE_TIME_ZONE } from './venueTime.ts';

export const DEMO_TONIC_TOKEN = 'demo-token';
export const DEMO_EVENT_ID = '60001c4569308525d873cbd7';
export const DEMO_EVENT_TITLE = 'Doorlist Demo Night';
export const DEMO_RSU_TICKET_EVENT_ID = 123;
export const DEMO_RSU_API_KEY = 'demo-rsu-key';
export const DEMO_RSU_API_SECRET = 'demo-rsu-secret';
export const DEMO_CHECKIN_API_KEY = 'demo-checkin-key';
export const DEMO_CHECKIN_API_SECRET = 'demo-checkin-secret';
/** DesignMyNight Event Guests API credentials of the demo (`Authorization: <appId>:<key>`): public, like the others here. */
export const DEMO_DMN_APP_ID = 'demo-dmn-app';
export const DEMO_DMN_KEY = 'demo-dmn-key';
/** The staff user Tonic names in `checked_in_by` (the seed's value). */
export const DEMO_CHECKED_IN_BY = '5cac72c02cfe5f6cd1437823';

export const DEMO_TICKET_TYPES = ['General admission', 'VIP'] as const;
export type DemoTicketType = (typeof DEMO_TICKET_TYPES)[number];

/** Ticket-type ids; the middle part of a Tonic ticket id. General admission's is the seed's. */
export const DEMO_TICKET_TYPE_IDS: Readonly<Record<DemoTicketType, string>> = {
  'General admission': '627cb97471209027347177dc',
  VIP: '627cb97471209027347177dd',
};

/** The two tickets of the Tonic reference page, kept verbatim so its examples work against the demo. */
export const SEED_TICKET_IDS = [
  '627e095671209038d339a182.627cb97471209027347177dc.1',
  '627e095671209038d339a182.627cb97471209027347177dc.2',
] as const;

const FIRST_RSU_TICKET_ID = 2148;
const RSU_TICKET_COUNT = 40;
const TONIC_STYLE_TICKET_COUNT = 260;
const CANCELLED_TICKET_COUNT = 5;
const MAX_TICKETS_PER_PURCHASE = 4;
const DATA_SEED = 20261124;

export interface DemoTicket {
  /** What the barcode carries and what check-in sends as `ticket_id`. */
  ticketId: string;
  /** Tonic's own 24-hex id of the ticket (`_id` in replies). */
  objectId: string;
  reference: string;
  guestName: string;
  guestEmail: string;
  ticketType: DemoTicketType;
  purchaseObjectId: string;
  cancelled: boolean;
  /** Set when the id is all digits: the ticket also belongs to RunSignup ticket event 123. */
  runsignupTicketId: number | null;
}

export interface DemoPurchaseItem {
  objectId: string;
  ticketType: DemoTicketType;
  ticketIds: string[];
}

export interface DemoPurchase {
  objectId: string;
  /** Tonic's numeric purchase number, also the middle of each ticket reference. */
  purchaseNumber: number;
  firstName: string;
  lastName: string;
  email: string;
  /** Days before the server started; replies turn it into a date from the injected clock. */
  createdDaysAgo: number;
  items: DemoPurchaseItem[];
}

export interface DemoCatalog {
  purchases: DemoPurchase[];
  tickets: DemoTicket[];
}

export const DEMO_EVENT = {
  objectId: DEMO_EVENT_ID,
  title: DEMO_EVENT_TITLE,
  timeZone: VENUE_TIME_ZONE,
  minimumAge: 'Over 18',
  startTime: '19:00',
  endTime: '23:00',
} as const;

interface CatalogBuilder {
  random: SeededRandom;
  catalog: DemoCatalog;
  nextObjectId(): string;
  nextReferenceNumber(): number;
}

function createBuilder(): CatalogBuilder {
  const random = createSeededRandom(DATA_SEED);
  let objectSequence = 0;
  let referenceNumber = 1000;
  return {
    random,
    catalog: { purchases: [], tickets: [] },
    // Mongo-like ids: a rising "timestamp" prefix keeps them far from the seed's 627… ids, the tail keeps them unique.
    nextObjectId() {
      objectSequence += 1;
      const timestamp = (0x6a1f0000 + objectSequence * 97).toString(16);
      return `${timestamp}${random.hex(10)}${objectSequence.toString(16).padStart(6, '0')}`;
    },
    nextReferenceNumber() {
      referenceNumber += 1;
      return referenceNumber;
    },
  };
}

function addRandomPurchase(builder: CatalogBuilder, size: number, ticketIdFor: (purchase: string, item: string, n: number) => string): void {
  const { random } = builder;
  const firstName = random.pick(DEMO_FIRST_NAMES);
  const lastName = random.pick(DEMO_LAST_NAMES);
  const ticketType: DemoTicketType = random.next() < 0.2 ? 'VIP' : 'General admission';
  const purchase: DemoPurchase = {
    objectId: builder.nextObjectId(),
    purchaseNumber: 8100000000 + builder.catalog.purchases.length * 7919 + random.int(0, 999),
    firstName,
    lastName,
    email: `${firstName}.${lastName}${random.int(1, 99)}@example.com`.toLowerCase(),
    createdDaysAgo: random.int(1, 60),
    items: [],
  };
  const item: DemoPurchaseItem = { objectId: builder.nextObjectId(), ticketType, ticketIds: [] };
  for (let n = 1; n <= size; n += 1) {
    const ticketId = ticketIdFor(purchase.objectId, DEMO_TICKET_TYPE_IDS[ticketType], n);
    item.ticketIds.push(ticketId);
    builder.catalog.tickets.push({
      ticketId,
      objectId: builder.nextObjectId(),
      reference: `DMN-${purchase.purchaseNumber}-${builder.nextReferenceNumber()}`,
      guestName: `${firstName} ${lastName}`,
      guestEmail: purchase.email,
      ticketType,
      purchaseObjectId: purchase.objectId,
      cancelled: false,
      runsignupTicketId: /^\d+$/.test(ticketId) ? Number(ticketId) : null,
    });
  }
  purchase.items.push(item);
  builder.catalog.purchases.push(purchase);
}

function addSeedPurchase(builder: CatalogBuilder): void {
  const purchaseObjectId = '627e095671209038d339a182';
  const purchaseNumber = 7930721728;
  const email = 'adina.macovei@example.com';
  builder.catalog.purchases.push({
    objectId: purchaseObjectId,
    purchaseNumber,
    firstName: 'Adina',
    lastName: 'Macovei',
    email,
    createdDaysAgo: 2,
    items: [{ objectId: '627e095671209038d339a183', ticketType: 'General admission', ticketIds: [...SEED_TICKET_IDS] }],
  });
  SEED_TICKET_IDS.forEach((ticketId, index) => {
    builder.catalog.tickets.push({
      ticketId,
      objectId: `627e095671209038d339a18${4 + index}`,
      reference: `DMN-${purchaseNumber}-${176 + index}`,
      guestName: 'Adina Macovei',
      guestEmail: email,
      ticketType: 'General admission',
      purchaseObjectId,
      cancelled: false,
      runsignupTicketId: null,
    });
  });
}

/** Builds the whole demo catalog afresh; same output on every call. */
export function createDemoCatalog(): DemoCatalog {
  const builder = createBuilder();
  const { random, catalog } = builder;
  addSeedPurchase(builder);

  const tonicStyleId = (purchase: string, type: string, n: number): string => `${purchase}.${type}.${n}`;
  while (catalog.tickets.length < TONIC_STYLE_TICKET_COUNT) {
    const room = TONIC_STYLE_TICKET_COUNT - catalog.tickets.length;
    addRandomPurchase(builder, Math.min(room, random.int(1, MAX_TICKETS_PER_PURCHASE)), tonicStyleId);
  }

  let rsuTicketId = FIRST_RSU_TICKET_ID;
  const numericId = (): string => String(rsuTicketId++);
  while (rsuTicketId < FIRST_RSU_TICKET_ID + RSU_TICKET_COUNT) {
    const room = FIRST_RSU_TICKET_ID + RSU_TICKET_COUNT - rsuTicketId;
    addRandomPurchase(builder, Math.min(room, random.int(1, MAX_TICKETS_PER_PURCHASE)), numericId);
  }

  // Cancel a few generated Tonic-style tickets; never the seed pair, whose page examples must succeed.
  const cancellable = catalog.tickets.filter((ticket) => ticket.runsignupTicketId === null && !SEED_TICKET_IDS.some((id) => id === ticket.ticketId));
  let cancelled = 0;
  while (cancelled < CANCELLED_TICKET_COUNT) {
    const ticket = random.pick(cancellable);
    if (!ticket.cancelled) {
      ticket.cancelled = true;
      cancelled += 1;
    }
  }
  return catalog;
}

/** Every demo ticket, for tests and the e2e to pick from. */
export function demoTickets(): DemoTicket[] {
  return createDemoCatalog().tickets;
}
