// The list on the device: a whole list or a delta lands with its state row in one transaction, or not at all.
import { describe, expect, it } from 'vitest';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { entryFixture, metaFixture } from '../testing/guestListFixtures.ts';
import { applySetup } from '../engine/applySetup.ts';
import { applyGuestListDelta, clearGuestList, DELTA_PART, countForOccurrence, doorOccurrenceOf, FIRST_LIST_CHUNK, listChanges, noteGuestListProblem, readGuestListState, replaceGuestList } from './deviceGuestList.ts';
import type { GuestListEntry } from '../model/guestListEntry.ts';
import { entriesByReference, GUEST_LIST_CHUNK_SIZE, readAllEntries } from './listStore.ts';
import { entryOn, entriesWithWord } from '../testing/guestListFixtures.ts';

const stored = (version: number, syncedAt = '2026-11-24T19:00:00.000Z') => ({ meta: metaFixture({ version }), origin: 'gateway' as const, syncedAt });
const keysOf = async (fixture: ReturnType<typeof createEngineFixture>) => (await readAllEntries(fixture.db)).map((row) => row.key).sort();

describe('the guest list on the device', () => {
  it('replaces the whole list, gives every row its search words and clears an earlier failure', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1), entryFixture(2), entryFixture(3)], stored(1));
    await noteGuestListProblem(fixture.db, 'Cannot reach the gateway', '2026-11-24T19:10:00.000Z');
    await replaceGuestList(fixture.db, [entryFixture(2, { guestName: 'Zoë Ångström' }), entryFixture(4)], stored(9, '2026-11-24T19:05:00.000Z'));

    expect(await keysOf(fixture)).toEqual([entryFixture(2).key, entryFixture(4).key].sort());
    expect((await entriesWithWord(fixture.db, 'angs', 'startsWith')).length).toBe(1);
    expect((await entriesByReference(fixture.db, 'DMN-1004-1')).length).toBe(1);
    const state = await readGuestListState(fixture.db);
    expect(state).toMatchObject({ origin: 'gateway', syncedAt: '2026-11-24T19:05:00.000Z', lastError: null, retryAt: null, meta: { version: 9, size: 2 } });
  });

  it('applies a delta: changed entries, new ones, and the deletions of a list that shrank', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [1, 2, 3, 4].map((n) => entryFixture(n)), stored(5));
    const refunded = entryFixture(2, { refunded: true });
    const outcome = await applyGuestListDelta(fixture.db, 5, [refunded, entryFixture(5)], [entryFixture(3), entryFixture(4)].map(({ key, occurrence }) => ({ key, occurrence })), stored(8));

    expect(outcome).toEqual({ applied: true, size: 3 });
    expect(await keysOf(fixture)).toEqual([1, 2, 5].map((n) => entryFixture(n).key).sort());
    expect(await entryOn(fixture.db, '2026-11-24', refunded.key)).toMatchObject({ refunded: true });
    expect((await readGuestListState(fixture.db)).meta).toMatchObject({ version: 8, size: 3 });
  });

  it('writes a large delta in parts, the new version with the last; one cut short is written again whole by the next refresh', async () => {
    const fixture = createEngineFixture();
    const held = Array.from({ length: 3 * DELTA_PART }, (_, n) => entryFixture(n));
    await replaceGuestList(fixture.db, held, stored(5));
    const renamed = held.map((entry) => ({ ...entry, guestName: `${entry.guestName} Renamed` }));
    const added = Array.from({ length: DELTA_PART }, (_, n) => entryFixture(10_000 + n));
    const gone = held.slice(0, 10).map(({ key, occurrence }) => ({ key, occurrence }));
    // A part that cannot be written (an entry without a key) ends the delta there: the parts before it stay, the version does not move.
    const broken = { ...entryFixture(20_000), key: '' };
    await expect(applyGuestListDelta(fixture.db, 5, [...renamed, broken, ...added], gone, stored(9))).rejects.toThrow();
    const afterCut = await readGuestListState(fixture.db);
    expect(afterCut.meta?.version).toBe(5);
    expect(afterCut.entryCounts?.['2026-11-24']).toBe(3 * DELTA_PART);
    expect((await entryOn(fixture.db, '2026-11-24', held[0]!.key))?.guestName).toMatch(/Renamed$/);
    expect((await entryOn(fixture.db, '2026-11-24', held.at(-1)!.key))?.guestName).toMatch(/Renamed$/);

    // The next refresh asks from version 5 again and gets the same delta (without the broken line): all of it lands.
    expect(await applyGuestListDelta(fixture.db, 5, [...renamed, ...added], gone, stored(9))).toEqual({ applied: true, size: 4 * DELTA_PART - 10 });
    const state = await readGuestListState(fixture.db);
    expect(state.meta?.version).toBe(9);
    expect(state.entryCounts?.['2026-11-24']).toBe(4 * DELTA_PART - 10);
    const all = await readAllEntries(fixture.db);
    expect(all).toHaveLength(4 * DELTA_PART - 10);
    expect(all.filter((entry) => held.some((old) => old.key === entry.key)).every((entry) => entry.guestName.endsWith(' Renamed'))).toBe(true);
    expect(await entryOn(fixture.db, '2026-11-24', gone[0]!.key)).toBeUndefined();
  });

  it('refuses a delta for another version than the one stored, writing nothing', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1)], stored(5));
    expect(await applyGuestListDelta(fixture.db, 4, [entryFixture(2)], [], stored(8))).toEqual({ applied: false, reason: 'versionMoved' });
    expect(await keysOf(fixture)).toEqual([entryFixture(1).key]);
    expect((await readGuestListState(fixture.db)).meta?.version).toBe(5);
    // A file's list is not the gateway's version 5, even when the numbers agree.
    await replaceGuestList(fixture.db, [entryFixture(1)], { ...stored(0), origin: 'file' });
    expect(await applyGuestListDelta(fixture.db, 0, [entryFixture(2)], [], stored(1))).toEqual({ applied: false, reason: 'versionMoved' });
  });

  it('keeps the old list and state whole when writing the new one fails half-way', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1), entryFixture(2)], stored(3));
    const broken = { ...entryFixture(9), key: undefined } as unknown as GuestListEntry; // not a valid key: the write throws
    await expect(replaceGuestList(fixture.db, [entryFixture(7), broken], stored(4))).rejects.toThrow();
    await expect(applyGuestListDelta(fixture.db, 3, [entryFixture(8), broken], [{ key: entryFixture(1).key, occurrence: '2026-11-24' }], stored(4))).rejects.toThrow();

    expect(await keysOf(fixture)).toEqual([entryFixture(1).key, entryFixture(2).key].sort());
    expect((await readGuestListState(fixture.db)).meta).toMatchObject({ version: 3, size: 2 });
  });

  it('works out what changed between the stored rows and a whole new list', () => {
    const stored = [1, 2, 3].map((n) => ({ ...entryFixture(n), searchWords: ['guest'] }));
    expect(listChanges(stored, [1, 2, 3].map((n) => entryFixture(n)))).toEqual({ puts: [], dels: [] });
    const refunded = entryFixture(2, { refunded: true });
    expect(listChanges(stored, [entryFixture(1), refunded, entryFixture(4), entryFixture(3, { occurrence: '2026-11-25' })])).toEqual({
      puts: [refunded, entryFixture(4), entryFixture(3, { occurrence: '2026-11-25' })],
      dels: [['2026-11-24', entryFixture(3).key]],
    });
  });

  it('rewrites only the chunks that changed when a whole list replaces a held one', async () => {
    const fixture = createEngineFixture();
    const entries = Array.from({ length: GUEST_LIST_CHUNK_SIZE * 3 }, (_, n) => entryFixture(n));
    await replaceGuestList(fixture.db, entries, stored(1));
    // A mark on each stored chunk that a rewrite would drop: the chunks left alone keep it.
    await fixture.db.guestListChunks.toCollection().modify((chunk) => {
      Object.assign(chunk, { mark: true });
    });
    const marked = async () => (await fixture.db.guestListChunks.toArray()).map((chunk) => 'mark' in chunk);
    await replaceGuestList(fixture.db, entries, stored(2, '2026-11-24T19:05:00.000Z'));
    expect(await marked()).toEqual([true, true, true]); // the same list: nothing but the state row written
    const next = entries.map((entry, n) => (n === GUEST_LIST_CHUNK_SIZE + 7 ? { ...entry, refunded: true } : entry));
    await replaceGuestList(fixture.db, next, stored(3, '2026-11-24T19:10:00.000Z'));
    expect(await marked()).toEqual([true, false, true]);
    expect(await entryOn(fixture.db, '2026-11-24', entryFixture(GUEST_LIST_CHUNK_SIZE + 7).key)).toMatchObject({ refunded: true });
    expect(await readGuestListState(fixture.db)).toMatchObject({ syncedAt: '2026-11-24T19:10:00.000Z', meta: { version: 3, size: GUEST_LIST_CHUNK_SIZE * 3 }, entryCounts: { '2026-11-24': GUEST_LIST_CHUNK_SIZE * 3 } });
  });

  it('writes a first list in chunks with its state last: one failing half-way leaves no list, and the next one is whole', async () => {
    const fixture = createEngineFixture();
    const entries = Array.from({ length: FIRST_LIST_CHUNK * 2 + 10 }, (_, n) => entryFixture(n));
    const broken = [...entries.slice(0, FIRST_LIST_CHUNK + 5), { ...entryFixture(99_999), key: undefined } as unknown as GuestListEntry];
    await expect(replaceGuestList(fixture.db, broken, stored(1))).rejects.toThrow();
    expect((await readGuestListState(fixture.db)).meta).toBeNull(); // rows without the state row are no list
    await replaceGuestList(fixture.db, entries.slice(FIRST_LIST_CHUNK), stored(2));
    expect((await readAllEntries(fixture.db)).length).toBe(FIRST_LIST_CHUNK + 10);
    expect(await entryOn(fixture.db, '2026-11-24', entryFixture(0).key)).toBeUndefined();
    expect((await readGuestListState(fixture.db)).meta).toMatchObject({ version: 2, size: FIRST_LIST_CHUNK + 10 });
  });

  it('stores 100,000 entries in one go and counts an occurrence from the state row', async () => {
    const fixture = createEngineFixture();
    const entries = Array.from({ length: 100_000 }, (_, n) => entryFixture(n, { occurrence: n % 10 === 0 ? '2026-11-25' : '2026-11-24' }));
    await replaceGuestList(fixture.db, entries, stored(1));
    expect((await readAllEntries(fixture.db)).length).toBe(100_000);
    expect(await countForOccurrence(fixture.db, '2026-11-24')).toBe(90_000);
    expect(await countForOccurrence(fixture.db, '2026-11-25')).toBe(10_000);
    expect((await readGuestListState(fixture.db)).meta?.size).toBe(100_000);
    expect((await entriesWithWord(fixture.db, 'number99999', 'equals')).length).toBe(1);
    // The same list again, one ticket refunded since: one row written, all 100,000 still there.
    entries[500] = { ...entries[500]!, refunded: true };
    await replaceGuestList(fixture.db, entries, stored(2));
    expect((await readAllEntries(fixture.db)).length).toBe(100_000);
    expect(await entryOn(fixture.db, entries[500]!.occurrence, entries[500]!.key)).toMatchObject({ refunded: true });
    expect((await readGuestListState(fixture.db)).meta).toMatchObject({ version: 2, size: 100_000 });
  }, 120_000);

  it("says the door's occurrence: the one chosen, else today on the venue calendar", () => {
    // 00:30 in London on the 25th is still the 24th in New York.
    const now = new Date('2026-11-25T00:30:00Z');
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: null }, now)).toBe('2026-11-25');
    expect(doorOccurrenceOf({ venueTimeZone: 'America/New_York' }, { occurrenceDate: null }, now)).toBe('2026-11-24');
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: '2026-12-05' }, now)).toBe('2026-12-05');
  });

  it('keeps last night as the door\'s date after midnight while the list holds it and not the new day, until 06:00', () => {
    const last = ['2026-11-24'];
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: null }, new Date('2026-11-25T00:30:00Z'), last)).toBe('2026-11-24');
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: null }, new Date('2026-11-25T05:59:00Z'), last)).toBe('2026-11-24');
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: null }, new Date('2026-11-25T06:00:00Z'), last)).toBe('2026-11-25');
    // The new day's list is there (a night that starts after midnight, or tomorrow's pulled early): the new day.
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: null }, new Date('2026-11-25T00:30:00Z'), [...last, '2026-11-25'])).toBe('2026-11-25');
    // Across the clocks going forward (London, 29 Mar 2026 01:00 UTC): still the calendar day before.
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: null }, new Date('2026-03-29T01:30:00Z'), ['2026-03-28'])).toBe('2026-03-28');
    // A date chosen on the Event screen always wins.
    expect(doorOccurrenceOf(TEST_CONFIG, { occurrenceDate: '2026-11-25' }, new Date('2026-11-25T00:30:00Z'), last)).toBe('2026-11-25');
  });

  it('forgets the list on a new setup of another event, and keeps it for the same event', async () => {
    const fixture = createEngineFixture();
    await applySetup(fixture.db, TEST_CONFIG, 50, fixture.nowDate());
    await replaceGuestList(fixture.db, [entryFixture(1)], stored(2));
    await applySetup(fixture.db, { ...TEST_CONFIG, deviceName: 'North gate 2' }, 50, fixture.nowDate());
    expect((await readAllEntries(fixture.db)).length).toBe(1);

    await applySetup(fixture.db, { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, eventId: 'another' } }, 50, fixture.nowDate());
    expect((await readAllEntries(fixture.db)).length).toBe(0);
    expect((await readGuestListState(fixture.db)).meta).toBeNull();
  });

  it('clears the list and its state', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1)], stored(2));
    await clearGuestList(fixture.db);
    expect((await readAllEntries(fixture.db)).length).toBe(0);
    expect(await readGuestListState(fixture.db)).toMatchObject({ meta: null, origin: null, syncedAt: null });
  });
});
