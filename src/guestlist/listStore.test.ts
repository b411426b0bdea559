// The guest list's chunk storage: lookups, deltas and Find a guest over chunks of up to GUEST_LIST_CHUNK_SIZE entries.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGuestQuery } from '../door/searchGuests.ts';
import { createEngineFixture } from '../testing/engineFixture.ts';
import { entryFixture } from '../testing/guestListFixtures.ts';
import type { GuestListEntry } from '../model/guestListEntry.ts';
import {
  addCounts,
  addEntries,
  applyEntryChanges,
  chunkRowsOf,
  entriesByKey,
  entriesByKeys,
  entriesByPurchaseRef,
  entriesByReference,
  entryCountsOf,
  GUEST_LIST_CHUNK_SIZE,
  holdsEntries,
  readAllEntries,
  searchEntries,
  unpackChunk,
} from './listStore.ts';

const SIZE = GUEST_LIST_CHUNK_SIZE;
const OTHER_DATE = '2026-12-05';
/** Entries 0..count-1: chunk c holds entries c*SIZE .. (c+1)*SIZE-1. */
const entries = (count: number, patch: (n: number) => Partial<GuestListEntry> = () => ({})) => Array.from({ length: count }, (_, n) => entryFixture(n, patch(n)));
const search = (db: ReturnType<typeof createEngineFixture>['db'], text: string, wanted = 51) => searchEntries(db, parseGuestQuery(text)!, parseGuestQuery(text)!.idPrefix, wanted);

describe('the guest list store (chunks)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes chunks of one occurrence each, full but for the last, with their entries\' keys, references and words', () => {
    const list = entries(SIZE * 2 + 30, (n) => (n % 2 === 1 ? { occurrence: OTHER_DATE } : {}));
    const rows = chunkRowsOf(list);
    expect(rows.map((row) => [row.occurrence, unpackChunk(row).length])).toEqual([
      ['2026-11-24', SIZE],
      ['2026-11-24', 15],
      [OTHER_DATE, SIZE],
      [OTHER_DATE, 15],
    ]);
    const first = rows[0]!;
    expect(first.keys).toEqual(unpackChunk(first).map((entry) => entry.key));
    expect(unpackChunk(first)).toEqual(list.filter((entry) => entry.occurrence === '2026-11-24').slice(0, SIZE));
    expect(first.references).toContain('DMN-1002-1');
    expect(first.references).toContain('DMN-1002');
    expect(first.searchWords).toContain('guest');
    expect(first.searchWords).toContain('number2');
    expect(first.searchWords.filter((word) => word === 'guest')).toHaveLength(1); // the union, each word once
    expect(entryCountsOf(list)).toEqual({ '2026-11-24': SIZE + 15, [OTHER_DATE]: SIZE + 15 });
    expect(() => chunkRowsOf([{ ...entryFixture(1), key: undefined } as unknown as GuestListEntry])).toThrow(/without a code key/);
    expect(addCounts({ a: 2, b: 1 }, { b: -1, c: 3 })).toEqual({ a: 2, c: 3 });
  });

  it('finds entries by key, reference and booking across chunk boundaries, a batch of keys in one read', async () => {
    const { db } = createEngineFixture();
    // Entries SIZE-1 and SIZE are one booking split over two chunks.
    const list = entries(SIZE * 2 + 50, (n) => (n === SIZE ? { purchaseRef: `DMN-${1000 + SIZE - 1}`, reference: `DMN-${1000 + SIZE - 1}-2` } : {}));
    await addEntries(db, list);
    expect(await holdsEntries(db)).toBe(true);
    for (const n of [0, SIZE - 1, SIZE, SIZE * 2 + 49]) expect(await entriesByKey(db, entryFixture(n).key)).toEqual([list[n]]);
    expect(await entriesByKey(db, entryFixture(99_999).key)).toEqual([]);
    expect(await entriesByReference(db, `DMN-${1000 + SIZE}-1`)).toEqual([]);
    expect(await entriesByReference(db, `DMN-${1000 + SIZE - 1}-2`)).toEqual([list[SIZE]]);
    expect((await entriesByPurchaseRef(db, `DMN-${1000 + SIZE - 1}`)).map((entry) => entry.key).sort()).toEqual([list[SIZE - 1]!.key, list[SIZE]!.key].sort());
    // A reference is not a booking: the booking lookup does not return an entry whose ticket reference matches.
    expect(await entriesByPurchaseRef(db, `DMN-${1000 + SIZE - 1}-2`)).toEqual([]);

    const reads = vi.spyOn(db.guestListChunks, 'bulkGet');
    const keys = [3, SIZE + 4, SIZE * 2 + 5, 99_999].map((n) => entryFixture(n).key);
    expect((await entriesByKeys(db, keys)).map((entry) => entry.key).sort()).toEqual(keys.slice(0, 3).sort());
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0]![0]).toHaveLength(3); // the three chunks holding them, each once
    expect((await readAllEntries(db)).length).toBe(SIZE * 2 + 50);
  });

  it('keeps a key listed on two dates as two entries, changed and deleted one date at a time', async () => {
    const { db } = createEngineFixture();
    const key = entryFixture(7).key;
    await addEntries(db, [entryFixture(7), entryFixture(7, { occurrence: OTHER_DATE }), entryFixture(8)]);
    expect((await entriesByKey(db, key)).map((entry) => entry.occurrence).sort()).toEqual(['2026-11-24', OTHER_DATE]);
    expect(await applyEntryChanges(db, [entryFixture(7, { occurrence: OTHER_DATE, refunded: true })], [{ occurrence: '2026-11-24', key }])).toEqual({ '2026-11-24': -1 });
    expect(await entriesByKey(db, key)).toEqual([entryFixture(7, { occurrence: OTHER_DATE, refunded: true })]);
  });

  it('applies a delta over several chunks: changes in place, deletions, new entries into the room made, then new chunks', async () => {
    const { db } = createEngineFixture();
    await addEntries(db, entries(SIZE * 3));
    const before = await db.guestListChunks.toArray();
    const puts = [entryFixture(1, { checkedIn: true }), entryFixture(SIZE * 2 + 1, { guestName: 'Renamed Guest' }), ...Array.from({ length: SIZE + 5 }, (_, n) => entryFixture(10_000 + n))];
    const dels = [SIZE + 1, SIZE + 2, SIZE * 2 + 3].map((n) => ({ occurrence: '2026-11-24', key: entryFixture(n).key }));
    const change = await applyEntryChanges(db, puts, dels);
    expect(change).toEqual({ '2026-11-24': SIZE + 5 - 3 });

    const after = await db.guestListChunks.toArray();
    const byId = new Map(after.map((chunk) => [chunk.id, chunk]));
    // Changed entries stay in their chunk; the new ones fill the three places the deletions freed, the rest a new chunk.
    expect(unpackChunk(byId.get(before[0]!.id)!)[1]).toMatchObject({ checkedIn: true });
    expect(unpackChunk(byId.get(before[2]!.id)!)[1]).toMatchObject({ guestName: 'Renamed Guest' });
    expect(after.map((chunk) => unpackChunk(chunk).length)).toEqual([SIZE, SIZE, SIZE, SIZE, 2]);
    const all = await readAllEntries(db);
    expect(all).toHaveLength(SIZE * 3 + SIZE + 5 - 3);
    expect(new Set(all.map((entry) => entry.key)).size).toBe(all.length);
    for (const { key } of dels) expect(await entriesByKey(db, key)).toEqual([]);
    expect(await entriesByKey(db, entryFixture(10_000 + SIZE + 4).key)).toHaveLength(1);
    // Deleting every entry of a chunk deletes the chunk.
    expect(await applyEntryChanges(db, [], unpackChunk(after[4]!).map(({ occurrence, key }) => ({ occurrence, key })))).toEqual({ '2026-11-24': -2 });
    expect(await db.guestListChunks.count()).toBe(4);
    expect(await applyEntryChanges(db, [], [])).toEqual({});
  });

  it('keeps a chunk\'s words right after a rename: the old name is no longer found, the new one is', async () => {
    const { db } = createEngineFixture();
    await addEntries(db, entries(SIZE + 10));
    await applyEntryChanges(db, [entryFixture(SIZE + 3, { guestName: 'Zoë Ångström' })], []);
    expect(await db.guestListChunks.where('searchWords').equals(`number${SIZE + 3}`).count()).toBe(0);
    expect([...(await search(db, 'angstr')).values()].map((entry) => entry.key)).toEqual([entryFixture(SIZE + 3).key]);
    expect((await search(db, `number${SIZE + 3}`)).size).toBe(0);
    expect([...(await search(db, `number${SIZE + 4}`)).values()].map((entry) => entry.key)).toEqual([entryFixture(SIZE + 4).key]);
  });

  it('searches from the indexes and stops as soon as the page is full: one letter over a big list reads a few chunks', async () => {
    const { db } = createEngineFixture();
    const count = 4_000;
    await addEntries(db, entries(count, (n) => ({ guestName: `${n % 3 === 0 ? 'Mary' : 'John'} ${n % 2 === 0 ? 'Smith' : 'Jones'} ${n}` })));
    const reads = vi.spyOn(db.guestListChunks, 'bulkGet');
    const chunksRead = () => reads.mock.calls.reduce((sum, [ids]) => sum + ids.length, 0);

    const m = await search(db, 'm', 51);
    expect(m.size).toBe(51);
    expect([...m.values()].every((entry) => /\b(Mary|Smith)\b/.test(entry.guestName!))).toBe(true);
    expect(chunksRead()).toBeLessThanOrEqual(8);

    reads.mockClear();
    // Every word common: entries must hold both (a chunk holds both words in different entries too).
    const both = await search(db, 'mary jones', 51);
    expect(both.size).toBe(51);
    expect([...both.values()].every((entry) => entry.guestName!.startsWith('Mary Jones'))).toBe(true);
    expect(chunksRead()).toBeLessThan(count / SIZE);

    reads.mockClear();
    // A rare word: only its chunks are read.
    expect([...(await search(db, 'mary 3999')).values()].map((entry) => entry.guestName)).toEqual(['Mary Jones 3999']);
    expect(chunksRead()).toBe(1);
    expect((await search(db, 'john 3999')).size).toBe(0);

    // Keys and references by a typed prefix with a digit.
    expect([...(await search(db, 'DMN-1004-1')).values()].map((entry) => entry.key)).toEqual([entryFixture(4).key]);
    expect([...(await search(db, entryFixture(5).key)).values()].map((entry) => entry.key)).toEqual([entryFixture(5).key]);
  });
});
