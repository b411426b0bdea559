// The demo's and the tests' clean slate (gatewayReset.ts): what it forgets and what it keeps.
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoGateway, DEMO_GATEWAY_DEVICE_NAME } from './demoGateway.ts';
import { clearStoredData, openResettableStore, type ResettableStore } from './gatewayReset.ts';
import { createFetchKit, deviceHeaders, type FetchKit } from './testing/fetchKit.ts';
import { item } from './testing/gatewayTestKit.ts';
import { SEED_TICKET_IDS } from './demoData.ts';
import { listEntry, movementInput } from './testing/storeFixtures.ts';
import { TEST_NOW } from './testing/testServer.ts';

const AT = '2026-11-24T19:05:01.000Z';
const PURCHASE = '627e095671209038d339a182';
const movement = (ticketId: string) => movementInput(ticketId, { knownPurchaseId: PURCHASE });
const listed = (ticketRef: number) => listEntry(ticketRef, { occurrence: '2026-11-24' });

describe('clearStoredData', () => {
  let stored: ResettableStore;
  afterEach(() => stored.store.close());

  it('forgets check-ins, presence, bookings, the guest list and the devices not kept; the audit log and the numbering go on', async () => {
    stored = openResettableStore(':memory:');
    const { store, database } = stored;
    const kept = await store.addDevice({ name: 'North gate 1', tokenHash: 'h1', createdAt: AT });
    await store.addDevice({ name: 'South gate', tokenHash: 'h2', createdAt: AT });
    await store.recordMovements([movement(`${PURCHASE}.1`), movement(`${PURCHASE}.2`)], { at: AT, deviceId: kept.id, operation: 'tonic.checkin', path: '/api/tonic/checkin/tickets', itemCount: 2, answeredByGateway: 0, status: 200, upstreamStatus: 200, detail: null });
    const list = await store.replaceGuestList({ eventId: 'event', occurrence: '2026-11-24', source: 'file', entries: [listed(1), listed(2)], at: AT });
    await store.setGuestListMinimumAge('Over 18');

    clearStoredData(database, [kept.id]);

    expect((await store.listDevices()).map((device) => device.name)).toEqual(['North gate 1']);
    expect(await store.latestSeq()).toBe(0);
    expect((await store.presenceOf([`${PURCHASE}.1`])).size).toBe(0);
    expect(await store.isKnownPurchase(PURCHASE)).toBe(false);
    expect(await store.auditLog()).toHaveLength(1);
    const state = await store.guestListState();
    expect(state).toMatchObject({ occurrences: [], minimumAge: null, mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } });
    // Every version a device may hold is below the new floor: each gets a whole (empty) list next.
    expect(state!.floorVersion).toBeGreaterThan(list.version);
    expect(await store.guestListChanges({ since: 0, withDeletes: true, after: null, limit: 10 })).toEqual([]);
    expect((await store.recordMovements([movement('D')], null))[0]?.seq).toBe(3);
  });

  it('keeps no device when none is named, and clears a store that never held a list', async () => {
    stored = openResettableStore(':memory:');
    await stored.store.addDevice({ name: 'North gate 1', tokenHash: 'h1', createdAt: AT });
    clearStoredData(stored.database, []);
    expect(await stored.store.listDevices()).toEqual([]);
    expect(await stored.store.guestListState()).toBeNull();
  });
});

describe('resetGateway', () => {
  let kit: FetchKit;
  afterEach(() => kit.close());

  it('refuses a forgotten device afterwards, while a kept one goes on checking in with a fresh allowance', async () => {
    kit = createFetchKit({ config: { limits: { ratePerSecond: 0.001, rateBurst: 1 } } });
    const north = await kit.gateway.addDevice('North gate 1');
    const south = await kit.gateway.addDevice('South gate');
    const checkIn = (token: string, ticketId: string) =>
      kit.send('/api/tonic/checkin/tickets', { method: 'POST', headers: deviceHeaders(token), body: JSON.stringify({ tickets: [item(ticketId)], async: false }) });
    expect((await checkIn(north.token, SEED_TICKET_IDS[0]!)).status).toBe(200);
    expect((await checkIn(north.token, SEED_TICKET_IDS[1]!)).status).toBe(429); // its one request is spent

    await kit.reset([north.device.id]);

    expect((await checkIn(south.token, SEED_TICKET_IDS[1]!)).status).toBe(401);
    expect((await checkIn(north.token, SEED_TICKET_IDS[1]!)).status).toBe(200);
    expect((await kit.gateway.store.movementsAfter(0, 10)).map((row) => row.ticketId)).toEqual([SEED_TICKET_IDS[1]]);
  });
});

describe("the demo's gateway", () => {
  it('keeps its demo device through a reset and forgets every other', async () => {
    const demo = await createDemoGateway({ logSink: () => {}, clock: () => TEST_NOW });
    try {
      await demo.gateway.addDevice('Enrolled in the demo');
      await demo.reset();
      expect((await demo.gateway.store.listDevices()).map((device) => device.name)).toEqual([DEMO_GATEWAY_DEVICE_NAME]);
    } finally {
      demo.gateway.close();
      await demo.gateway.store.close();
    }
  });
});
