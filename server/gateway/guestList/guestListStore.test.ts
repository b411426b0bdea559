// Tests of the guest list in the SQLite store: versions, tombstones, the floor a delta can start from, check-ins.
// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEntry, type GuestListEntry } from '../../../src/model/guestListEntry.ts';
import { openSqliteStore, type SqliteGatewayStore } from '../sqliteStore.ts';
import type { GuestListCursor, MovementInput } from '../store.ts';
import { MAX_TOMBSTONES, TOMBSTONE_KEEP_MS } from './sqliteGuestList.ts';
import { LIST_DAY as DAY, LIST_EVENT as EVENT, LIST_PURCHASE as PURCHASE, LIST_SUBTYPE as SUBTYPE, listEntry as entry } from '../../testing/storeFixtures.ts';

const AT = '2026-12-05T17:00:00.000Z';

const tickets = (count: number): GuestListEntry[] => Array.from({ length: count }, (_, index) => entry(index + 1));

/** A change with its stored wire line decoded (and checked to be one). */
type ReadChange = { kind: 'put'; version: number; entry: GuestListEntry } | { kind: 'del'; version: number; occurrence: string; key: string };

async function allChanges(store: SqliteGatewayStore, since: number, withDeletes: boolean, limit = 2): Promise<ReadChange[]> {
  const out: ReadChange[] = [];
  let after: GuestListCursor | null = null;
  for (;;) {
    const page = await store.guestListChanges({ since, withDeletes, after, limit });
    for (const change of page) {
      if (change.kind === 'del') out.push(change);
      else {
        const entry = decodeEntry(JSON.parse(change.line));
        if (!entry) throw new Error(`not a wire tuple: ${change.line}`);
        expect([entry.occurrence, entry.key]).toEqual([change.occurrence, change.key]);
        out.push({ kind: 'put', version: change.version, entry });
      }
      after = { version: change.version, occurrence: change.occurrence, key: change.key };
    }
    if (page.length < limit) return out;
  }
}

const checkInMovement = (ticketId: string, direction: 'in' | 'out'): MovementInput => ({
  ticketId,
  direction,
  deviceId: 1,
  door: 'North gate 1',
  scanTime: '2026-12-05 19:05:00',
  source: 'doorlist',
  result: 'success',
  isAsync: false,
  receivedAt: '2026-12-05T19:05:01.000Z',
  presence: { status: direction, door: 'North gate 1', scanTime: '2026-12-05 19:05:00', deviceId: 1, source: 'doorlist', upstreamId: null, reference: null, mode: 'always' },
});

let store: SqliteGatewayStore;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

const replace = (entries: readonly GuestListEntry[], at = AT, occurrence = DAY) => store.replaceGuestList({ eventId: EVENT, occurrence, source: 'dmn', entries, at });

describe('versions', () => {
  it('has no state before the first list, then starts at the creation time and counts every change', async () => {
    expect(await store.guestListState()).toBeNull();
    const first = await replace(tickets(3));
    expect(first).toEqual({ version: Date.parse(AT) + 1, added: 3, changed: 0, removed: 0, size: 3 });
    const state = await store.guestListState();
    expect(state).toMatchObject({ eventId: EVENT, version: first.version, floorVersion: Date.parse(AT), occurrences: [{ occurrence: DAY, source: 'dmn', fetchedAt: AT, size: 3, holdsNumbers: false }] });
  });

  it('an unchanged refresh writes nothing and bumps no version, but records when the list was read', async () => {
    const first = await replace(tickets(3));
    const later = '2026-12-05T17:05:00.000Z';
    const again = await replace(tickets(3), later);
    expect(again).toEqual({ version: first.version, added: 0, changed: 0, removed: 0, size: 3 });
    expect(await allChanges(store, first.version, true)).toEqual([]);
    expect((await store.guestListState())?.occurrences[0]?.fetchedAt).toBe(later);
  });

  it('a refresh writes only what changed, at one new version; a device at the old version gets exactly that', async () => {
    const first = await replace(tickets(4));
    const second = await replace([entry(1), entry(2, { refunded: true }), entry(3), entry(4), entry(5)]);
    expect(second).toEqual({ version: first.version + 1, added: 1, changed: 1, removed: 0, size: 5 });
    const delta = await allChanges(store, first.version, true);
    expect(delta.map((change) => (change.kind === 'put' ? [change.version, change.entry.key, change.entry.refunded] : null))).toEqual([
      [second.version, `${PURCHASE}.2`, true],
      [second.version, `${PURCHASE}.5`, false],
    ]);
  });

  it('a list that shrank leaves tombstones: the delta carries the deletes, the whole list leaves them out', async () => {
    const first = await replace(tickets(5));
    const second = await replace(tickets(2));
    expect(second.removed).toBe(3);
    const delta = await allChanges(store, first.version, true);
    expect(delta).toEqual([3, 4, 5].map((ref) => ({ kind: 'del', version: second.version, occurrence: DAY, key: `${PURCHASE}.${ref}` })));
    const whole = await allChanges(store, 0, false);
    expect(whole.map((change) => (change.kind === 'put' ? change.entry.key : change.key))).toEqual([`${PURCHASE}.1`, `${PURCHASE}.2`]);
    // A tombstone keeps nothing about the guest.
    const third = await replace([...tickets(2), entry(3, { guestName: 'Back again' })]);
    expect(third.added).toBe(1);
    const back = await allChanges(store, second.version, true);
    expect(back).toMatchObject([{ kind: 'put', version: third.version, entry: { key: `${PURCHASE}.3`, guestName: 'Back again' } }]);
  });

  it('pages through a list in (version, occurrence, key) order without missing or repeating a row', async () => {
    await replace(tickets(7));
    const other = await store.replaceGuestList({ eventId: EVENT, occurrence: '2026-12-06', source: 'dmn', entries: tickets(3).map((one) => ({ ...one, occurrence: '2026-12-06' })), at: AT });
    const whole = await allChanges(store, 0, false, 3);
    expect(whole).toHaveLength(10);
    expect(new Set(whole.map((change) => (change.kind === 'put' ? `${change.entry.occurrence}|${change.entry.key}` : ''))).size).toBe(10);
    expect(whole.at(-1)?.version).toBe(other.version);
  });

  it('keeps the first of a ticket listed twice', async () => {
    const result = await replace([entry(1, { guestName: 'First' }), entry(1, { guestName: 'Second' })]);
    expect(result.size).toBe(1);
    expect((await store.guestListEntriesByKey([`${PURCHASE}.1`]))[0]?.guestName).toBe('First');
  });

  it('another event replaces the whole list and raises the floor above every earlier version', async () => {
    const first = await replace(tickets(3));
    const other = await store.replaceGuestList({ eventId: 'cccccccccccccccccccccccc', occurrence: DAY, source: 'dmn', entries: tickets(1), at: AT });
    const state = await store.guestListState();
    expect(state?.eventId).toBe('cccccccccccccccccccccccc');
    expect(state?.floorVersion).toBeGreaterThan(first.version);
    expect(other.added).toBe(1);
    expect(await allChanges(store, 0, true)).toHaveLength(1);
  });
});

describe('tombstones are kept for a bounded time and count', () => {
  it('drops tombstones older than the keep time and raises the floor to the newest one dropped', async () => {
    await replace(tickets(3));
    const shrunk = await replace(tickets(1));
    expect((await store.guestListState())?.floorVersion).toBeLessThan(shrunk.version);
    const muchLater = new Date(Date.parse(AT) + TOMBSTONE_KEEP_MS + 60_000).toISOString();
    await replace([...tickets(1), entry(9)], muchLater);
    const state = await store.guestListState();
    expect(state?.floorVersion).toBe(shrunk.version);
    expect((await allChanges(store, shrunk.version - 1, true)).filter((change) => change.kind === 'del')).toEqual([]);
  });

  it(`keeps at most ${MAX_TOMBSTONES.toLocaleString('en-GB')} tombstones`, { timeout: 60_000 }, async () => {
    const many = Array.from({ length: MAX_TOMBSTONES + 10 }, (_, index) => entry(index + 1));
    await replace(many);
    const first = await replace([]); // every one a tombstone
    await replace([entry(1)]);
    const state = await store.guestListState();
    expect(state?.floorVersion).toBe(first.version);
    expect((await allChanges(store, first.version, true, 1_000)).filter((change) => change.kind === 'del')).toEqual([]);
  });
});

describe('check-ins', () => {
  it('flip checkedIn in the same transaction as the movement, at one new version per batch, and back on check-out', async () => {
    const listed = await replace(tickets(3));
    const code = (ref: number) => `${PURCHASE}.${SUBTYPE}.${ref}`;
    await store.recordMovements([checkInMovement(code(1), 'in'), checkInMovement(code(2), 'in'), checkInMovement('999999', 'in')], null);
    const afterIn = await store.guestListState();
    expect(afterIn?.version).toBe(listed.version + 1);
    const delta = await allChanges(store, listed.version, true);
    expect(delta.map((change) => (change.kind === 'put' ? [change.entry.key, change.entry.checkedIn] : null))).toEqual([
      [`${PURCHASE}.1`, true],
      [`${PURCHASE}.2`, true],
    ]);
    await store.recordMovements([checkInMovement(code(1), 'out')], null);
    expect((await store.guestListEntriesByKey([`${PURCHASE}.1`]))[0]?.checkedIn).toBe(false);
    expect((await store.guestListState())?.version).toBe(listed.version + 2);
    // A movement of a ticket already in that state changes nothing.
    await store.recordMovements([checkInMovement(code(2), 'in')], null);
    expect((await store.guestListState())?.version).toBe(listed.version + 2);
  });

  it("keeps the gateway's own word over a list that lags behind it", async () => {
    await replace(tickets(2));
    await store.recordMovements([checkInMovement(`${PURCHASE}.${SUBTYPE}.1`, 'in')], null);
    const refreshed = await replace(tickets(2)); // the source still says not checked in
    expect(refreshed.changed).toBe(0);
    expect((await store.guestListEntriesByKey([`${PURCHASE}.1`]))[0]?.checkedIn).toBe(true);
  });

  it('a movement before any list is stored changes nothing', async () => {
    await store.recordMovements([checkInMovement(`${PURCHASE}.${SUBTYPE}.1`, 'in')], null);
    expect(await store.guestListState()).toBeNull();
  });
});

describe('files and evidence', () => {
  it('replaces several dates in one transaction and notes a list that holds plain numbers', async () => {
    const results = await store.replaceGuestLists([
      { eventId: EVENT, occurrence: DAY, source: 'file', entries: [entry(1, { key: '100234', code: '100234', purchaseId: null, ticketRef: null })], at: AT },
      { eventId: EVENT, occurrence: '2026-12-06', source: 'file', entries: [entry(2, { occurrence: '2026-12-06' })], at: AT },
    ]);
    expect(results.map((result) => result.added)).toEqual([1, 1]);
    const state = await store.guestListState();
    expect(state?.occurrences.map((held) => [held.occurrence, held.source, held.holdsNumbers])).toEqual([
      [DAY, 'file', true],
      ['2026-12-06', 'file', false],
    ]);
  });

  it('adds evidence, keeps the learned middle part, warns once', async () => {
    await replace(tickets(1));
    await store.addGuestListEvidence({ listed: 2, unlisted: 1, codeMiddle: 'subType' });
    const state = await store.addGuestListEvidence({ listed: 1, unlisted: 0, codeMiddle: null });
    expect(state).toMatchObject({ mapping: { listedConfirmed: 3, unlistedConfirmed: 1 }, codeMiddle: 'subType' });
    expect(await store.markGuestListMismatchWarned()).toBe(true);
    expect(await store.markGuestListMismatchWarned()).toBe(false);
  });
});
