// Tests of the code-to-list mapping: every demo Tonic code through the emulator's real reply, and each way a code misses.
// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DMN_APP_ID, DEMO_DMN_KEY, DEMO_EVENT_ID, demoTickets } from '../../server/demoData.ts';
import { TEST_NOW, useTestServer } from '../../server/testing/testServer.ts';
import { createDmnGuestsClient, type GuestList, type GuestListPurchase, type GuestListTicket } from './dmnGuestsClient.ts';
import { indexPurchases, matchCode, parseTonicCode } from './matchCode.ts';

const SEED_PURCHASE = '627e095671209038d339a182';
const GA = '627cb97471209027347177dc';

function ticket(overrides: Partial<GuestListTicket> = {}): GuestListTicket {
  return {
    id: 'a'.repeat(24),
    ticketRef: 1,
    reference: null,
    guestName: 'Ada Lovelace',
    checkedIn: false,
    refunded: false,
    itemId: DEMO_EVENT_ID,
    itemName: 'Night',
    subTypeId: GA,
    subTypeName: 'General admission',
    ...overrides,
  };
}

function purchase(purchaseId: string, tickets: GuestListTicket[]): GuestListPurchase {
  return { purchaseId, purchaseRef: 'DMN-1', firstName: 'Ada', lastName: 'Lovelace', numPeople: tickets.length, subTypeName: 'General admission', checkedInGuests: 0, comments: null, tickets };
}

describe('parseTonicCode', () => {
  it('splits a Tonic code into purchase, middle and ticket number, lower-casing hex', () => {
    expect(parseTonicCode(` ${SEED_PURCHASE.toUpperCase()}.${GA}.12 `)).toEqual({ purchaseId: SEED_PURCHASE, middle: GA, ticketRef: 12 });
  });

  it.each([
    ['a RunSignup number', '2148'],
    ['a booking reference', 'DMN-7930721728-176'],
    ['two parts', `${SEED_PURCHASE}.${GA}`],
    ['a short purchase id', `${SEED_PURCHASE.slice(1)}.${GA}.1`],
    ['a non-hex middle', `${SEED_PURCHASE}.${'z'.repeat(24)}.1`],
    ['ticket number 0', `${SEED_PURCHASE}.${GA}.0`],
    ['a leading-zero number', `${SEED_PURCHASE}.${GA}.01`],
    ['a huge number', `${SEED_PURCHASE}.${GA}.1234567`],
    ['a fourth part', `${SEED_PURCHASE}.${GA}.1.2`],
    ['nothing', ''],
  ])('returns null for %s', (_label, code) => {
    expect(parseTonicCode(code)).toBeNull();
  });
});

describe('matchCode on hand-made lists', () => {
  const list: GuestList = {
    eventId: DEMO_EVENT_ID,
    occurrence: '2026-11-24',
    purchases: [purchase(SEED_PURCHASE, [ticket({ ticketRef: 1 }), ticket({ id: 'b'.repeat(24), ticketRef: 2, refunded: true })])],
  };
  const purchases = indexPurchases(list);

  it('finds the ticket by purchase id and number, reporting the middle part as the ticket type', () => {
    const found = matchCode(purchases, `${SEED_PURCHASE}.${GA}.2`);
    expect(found).toMatchObject({ kind: 'onList', middle: 'subType', ticket: { id: 'b'.repeat(24), refunded: true }, purchase: { purchaseId: SEED_PURCHASE } });
  });

  it('reports the middle part as the event, as both, or as neither', () => {
    expect(matchCode(purchases, `${SEED_PURCHASE}.${DEMO_EVENT_ID}.1`)).toMatchObject({ kind: 'onList', middle: 'item' });
    const same = indexPurchases({ ...list, purchases: [purchase(SEED_PURCHASE, [ticket({ subTypeId: DEMO_EVENT_ID })])] });
    expect(matchCode(same, `${SEED_PURCHASE}.${DEMO_EVENT_ID}.1`)).toMatchObject({ kind: 'onList', middle: 'both' });
    expect(matchCode(purchases, `${SEED_PURCHASE}.${'f'.repeat(24)}.1`)).toMatchObject({ kind: 'onList', middle: 'neither', ticket: { ticketRef: 1 } });
  });

  it('says when the purchase is not on the list, or the purchase has no such ticket', () => {
    expect(matchCode(purchases, `${'c'.repeat(24)}.${GA}.1`)).toEqual({ kind: 'purchaseNotOnList', parts: { purchaseId: 'c'.repeat(24), middle: GA, ticketRef: 1 } });
    expect(matchCode(purchases, `${SEED_PURCHASE}.${GA}.3`)).toMatchObject({ kind: 'ticketNotInPurchase', parts: { ticketRef: 3 }, purchase: { purchaseId: SEED_PURCHASE } });
  });

  it('cannot place what is not a Tonic code', () => {
    expect(matchCode(purchases, '2148')).toEqual({ kind: 'notTonicCode' });
  });

  it('keeps the first entry of a purchase listed twice', () => {
    const twice = indexPurchases({ ...list, purchases: [purchase(SEED_PURCHASE, [ticket({ guestName: 'First' })]), purchase(SEED_PURCHASE, [ticket({ guestName: 'Second' })])] });
    expect(twice.get(SEED_PURCHASE)?.tickets[0]?.guestName).toBe('First');
  });
});

describe('matchCode on the emulator’s list', () => {
  const server = useTestServer();
  let purchases: ReadonlyMap<string, GuestListPurchase>;
  beforeAll(async () => {
    const guests = createDmnGuestsClient({ baseUrl: `${server.url}/dmn`, appId: DEMO_DMN_APP_ID, key: DEMO_DMN_KEY, eventId: DEMO_EVENT_ID }, fetch, () => TEST_NOW);
    // The server's own clock is TEST_NOW, so tonight is 2026-11-24 whatever the machine's date.
    const result = await guests.fetchGuests('2026-11-24');
    if (!result.ok) throw new Error(result.error.message);
    purchases = indexPurchases(result.value);
  });

  it('maps every demo Tonic code to exactly one list ticket: its own, matched on the ticket type', () => {
    const tonicCodes = demoTickets().filter((demo) => demo.runsignupTicketId === null);
    expect(tonicCodes.length).toBe(260);
    const seen = new Set<string>();
    for (const demo of tonicCodes) {
      const found = matchCode(purchases, demo.ticketId);
      if (found.kind !== 'onList') throw new Error(`${demo.ticketId}: ${found.kind}`);
      expect(found.ticket.id, demo.ticketId).toBe(demo.objectId);
      expect(found.ticket.refunded).toBe(demo.cancelled);
      expect(found.middle).toBe('subType');
      seen.add(found.ticket.id);
    }
    expect(seen.size).toBe(tonicCodes.length);
  });

  it('misses a forged code, a wrong ticket number and a wrong middle part, each in its own way', () => {
    expect(matchCode(purchases, `${'0'.repeat(24)}.${GA}.1`).kind).toBe('purchaseNotOnList');
    expect(matchCode(purchases, `${SEED_PURCHASE}.${GA}.3`).kind).toBe('ticketNotInPurchase');
    expect(matchCode(purchases, `${SEED_PURCHASE}.${'e'.repeat(24)}.2`)).toMatchObject({ kind: 'onList', middle: 'neither' });
    expect(matchCode(purchases, '2148')).toEqual({ kind: 'notTonicCode' });
  });
});
