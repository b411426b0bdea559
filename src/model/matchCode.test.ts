// Tests of the code-to-list mapping: every demo Tonic code through the emulator's real reply and back, and each way a code misses.
// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DMN_APP_ID, DEMO_DMN_KEY, DEMO_EVENT_ID, demoTickets } from '../../server/demoData.ts';
import { TEST_NOW, useTestServer } from '../../server/testing/testServer.ts';
import { createDmnGuestsClient } from '../guestlist/dmnGuestsClient.ts';
import { entriesFromDmn } from '../guestlist/dmnGuestsClient.ts';
import type { GuestListEntry } from './guestListEntry.ts';
import { codeOfEntry, listKeyOf, listKeyOfCode, middleMatch, parseTonicCode } from './matchCode.ts';

const SEED_PURCHASE = '627e095671209038d339a182';
const GA = '627cb97471209027347177dc';

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


function entry(change: Partial<GuestListEntry> = {}): GuestListEntry {
  return {
    key: listKeyOf(SEED_PURCHASE, change.ticketRef ?? 1),
    occurrence: '2026-11-24',
    purchaseId: SEED_PURCHASE,
    ticketRef: 1,
    code: null,
    ticketObjectId: 'a'.repeat(24),
    purchaseRef: 'DMN-1',
    reference: 'DMN-1-1',
    guestName: 'Ada Lovelace',
    ticketType: 'General admission',
    itemId: DEMO_EVENT_ID,
    subTypeId: GA,
    refunded: false,
    checkedIn: false,
    ...change,
  };
}

describe('a code to its list key, and an entry back to its code', () => {
  it('keys a Tonic code by booking and ticket number whatever its middle part or case, and anything else by itself', () => {
    expect(listKeyOfCode(`${SEED_PURCHASE.toUpperCase()}.${GA}.2`)).toBe(`${SEED_PURCHASE}.2`);
    expect(listKeyOfCode(`${SEED_PURCHASE}.${'f'.repeat(24)}.2`)).toBe(`${SEED_PURCHASE}.2`);
    expect(listKeyOfCode(' 2148 ')).toBe('2148');
  });

  it('reports the middle part as the ticket type, the event, both, or neither', () => {
    expect(middleMatch(GA, entry())).toBe('subType');
    expect(middleMatch(DEMO_EVENT_ID, entry())).toBe('item');
    expect(middleMatch(DEMO_EVENT_ID, entry({ subTypeId: DEMO_EVENT_ID }))).toBe('both');
    expect(middleMatch('f'.repeat(24), entry())).toBe('neither');
  });

  it('gives the code Tonic checks in: the file\'s own, or built once the middle part is known, else none', () => {
    expect(codeOfEntry(entry({ ticketRef: 2 }), 'subType')).toBe(`${SEED_PURCHASE}.${GA}.2`);
    expect(codeOfEntry(entry({ ticketRef: 2 }), 'item')).toBe(`${SEED_PURCHASE}.${DEMO_EVENT_ID}.2`);
    expect(codeOfEntry(entry(), null)).toBeNull();
    expect(codeOfEntry(entry({ code: '2148', purchaseId: null, ticketRef: null }), null)).toBe('2148');
  });
});

describe('the mapping on the emulator’s list', () => {
  const server = useTestServer();
  let byKey: ReadonlyMap<string, GuestListEntry>;
  beforeAll(async () => {
    const guests = createDmnGuestsClient({ baseUrl: `${server.url}/dmn`, appId: DEMO_DMN_APP_ID, key: DEMO_DMN_KEY, eventId: DEMO_EVENT_ID }, fetch, () => TEST_NOW);
    // The server's own clock is TEST_NOW, so tonight is 2026-11-24 whatever the machine's date.
    const result = await guests.fetchGuests('2026-11-24');
    if (!result.ok) throw new Error(result.error.message);
    const entries = entriesFromDmn(result.value);
    byKey = new Map(entries.map((listed) => [listed.key, listed]));
    expect(byKey.size, 'one entry per key').toBe(entries.length);
  });

  it('maps every demo Tonic code to exactly one list ticket: its own, matched on the ticket type, and back', () => {
    const tonicCodes = demoTickets().filter((demo) => demo.runsignupTicketId === null);
    expect(tonicCodes.length).toBe(260);
    const seen = new Set<string>();
    for (const demo of tonicCodes) {
      const found = byKey.get(listKeyOfCode(demo.ticketId));
      if (!found) throw new Error(`${demo.ticketId}: not on the list`);
      expect(found.ticketObjectId, demo.ticketId).toBe(demo.objectId);
      expect(found.refunded).toBe(demo.cancelled);
      expect(middleMatch(parseTonicCode(demo.ticketId)?.middle ?? '', found)).toBe('subType');
      expect(codeOfEntry(found, 'subType')).toBe(demo.ticketId);
      seen.add(found.key);
    }
    expect(seen.size).toBe(tonicCodes.length);
  });

  it('misses a forged code and a wrong ticket number, and tells a wrong middle part', () => {
    expect(byKey.get(listKeyOfCode(`${'0'.repeat(24)}.${GA}.1`))).toBeUndefined();
    expect(byKey.get(listKeyOfCode(`${SEED_PURCHASE}.${GA}.3`))).toBeUndefined();
    const wrongMiddle = `${SEED_PURCHASE}.${'e'.repeat(24)}.2`;
    expect(middleMatch(parseTonicCode(wrongMiddle)?.middle ?? '', byKey.get(listKeyOfCode(wrongMiddle))!)).toBe('neither');
    expect(byKey.get(listKeyOfCode('2148'))).toBeUndefined();
  });
});
