// Find a guest: names with accents, references with or without dashes, ticket ids, limits, order, empty and hostile input.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DoorlistDatabase } from '../db/database.ts';
import type { TicketRow } from '../db/tables.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { recordScan } from './recordScan.ts';
import { guestPresence, MAX_GUEST_RESULTS, parseGuestQuery, referencePrefixesOf, searchGuests } from './searchGuests.ts';

const TONIC_ID = '627e095671209038d339a182.627cb97471209027347177dc.2';

const ticket = (ticketId: string, guestName: string | null, reference: string | null, extra: Partial<TicketRow> = {}): TicketRow => ({
  ticketId,
  status: 'valid',
  reference,
  guestName,
  checkedInAt: null,
  checkedInDoor: null,
  updatedAt: '2026-11-24T18:00:00Z',
  ...extra,
});

const names = async (db: DoorlistDatabase, query: string) => (await searchGuests(db, query)).tickets.map((row) => row.guestName);

describe('searchGuests', () => {
  let fixture: ReturnType<typeof createEngineFixture>;
  beforeEach(async () => {
    fixture = createEngineFixture();
    await fixture.db.tickets.bulkPut([
      ticket('2148', 'John Smith', 'DMN-7930721728-176'),
      ticket('2149', 'Joan Smythe', 'DMN-7930721728-177'),
      ticket('2150', 'Zoë Ångström-Łukasz', 'DMN-1111111111-1'),
      ticket(TONIC_ID, 'José Núñez', 'DMN-2222222222-2', { checkedInAt: '2026-11-24 19:02:00', checkedInDoor: 'North gate' }),
      ticket('2151', "Siobhán O'Brien", null, { status: 'cancelled' }),
      ticket('2152', null, 'DMN-3333333333-3', { status: 'unknown' }),
      ticket('2153', 'Adam Smith', 'ABC-4444444444-4'),
    ]);
  });

  it('finds a name by any word prefix, in any case, both words required: "jo sm" is John Smith', async () => {
    expect(await names(fixture.db, 'jo sm')).toEqual(['Joan Smythe', 'John Smith']);
    expect(await names(fixture.db, 'SMITH')).toEqual(['Adam Smith', 'John Smith']);
    expect(await names(fixture.db, 'smith jo')).toEqual(['John Smith']);
    expect(await names(fixture.db, 'jo zz')).toEqual([]);
  });

  it('ignores accents both ways, and letters like Ł, ß and Ø fold to plain ones', async () => {
    expect(await names(fixture.db, 'jose nunez')).toEqual(['José Núñez']);
    expect(await names(fixture.db, 'JOSÉ')).toEqual(['José Núñez']);
    expect(await names(fixture.db, 'zoe angstrom')).toEqual(['Zoë Ångström-Łukasz']);
    expect(await names(fixture.db, 'lukasz')).toEqual(['Zoë Ångström-Łukasz']);
    expect(await names(fixture.db, 'angstromlu')).toEqual(['Zoë Ångström-Łukasz']); // the hyphenated name typed as one word
    expect(await names(fixture.db, 'obrien')).toEqual(["Siobhán O'Brien"]);
    expect(await names(fixture.db, "o'brien")).toEqual(["Siobhán O'Brien"]);
  });

  it('finds a reference by prefix, with or without dashes, in any case', async () => {
    expect(await names(fixture.db, 'DMN-7930721728-176')).toEqual(['John Smith']);
    expect(await names(fixture.db, 'dmn7930721728176')).toEqual(['John Smith']);
    expect(await names(fixture.db, 'dmn-79307')).toEqual(['Joan Smythe', 'John Smith']);
    expect(await names(fixture.db, 'DMN 7930721728 177')).toEqual(['Joan Smythe']);
    expect((await searchGuests(fixture.db, 'dmn-3333')).tickets.map((row) => row.ticketId)).toEqual(['2152']); // no name, still found
  });

  it('looks in ids and references only when a digit is typed: "d" or "dmn" is a name, not every DMN booking', async () => {
    await fixture.db.tickets.put(ticket('2160', 'Dmitri Dawson', 'DMN-9999999999-9'));
    expect(await names(fixture.db, 'd')).toEqual(['Dmitri Dawson']);
    expect(await names(fixture.db, 'dmn')).toEqual([]);
    expect(await names(fixture.db, 'dmn9')).toEqual(['Dmitri Dawson']);
  });

  it('knows where a reference typed any way would start in its stored form', () => {
    expect(referencePrefixesOf('dmn 7930')).toEqual(['DMN-7930']);
    expect(referencePrefixesOf('dmn79307217281')).toEqual([
      'DMN79307217281',
      'DMN-79307217281',
      'DMN-7930-7217281',
      'DMN-79307-217281',
      'DMN-793072-17281',
      'DMN-7930721-7281',
      'DMN-79307217-281',
      'DMN-793072172-81',
      'DMN-7930721728-1',
    ]);
    expect(referencePrefixesOf('DMN-7930721728-1')[0]).toBe('DMN-7930721728-1');
    expect(referencePrefixesOf('dmn79')).toEqual(['DMN79', 'DMN-79']);
    expect(referencePrefixesOf('jo sm')).toEqual(['JO-SM']);
  });

  it('finds a ticket id, whole or by its start, in any case', async () => {
    expect(await names(fixture.db, TONIC_ID)).toEqual(['José Núñez']);
    expect(await names(fixture.db, ` ${TONIC_ID.toUpperCase()} `)).toEqual(['José Núñez']);
    expect(await names(fixture.db, '627e0956')).toEqual(['José Núñez']);
    expect(await names(fixture.db, '2148')).toEqual(['John Smith']);
    expect(await names(fixture.db, '215')).toEqual(['Adam Smith', 'Siobhán O\'Brien', 'Zoë Ångström-Łukasz', null]);
  });

  it('puts the exact id or reference first, then sorts by name with unnamed tickets last', async () => {
    await fixture.db.tickets.put(ticket('21', 'Zed Zulu', null));
    expect((await searchGuests(fixture.db, '21')).tickets.map((row) => row.ticketId)).toEqual(['21', '2153', '2149', '2148', '2151', '2150', '2152']);
  });

  it('says what it knows of each guest: in (when, which door), not in, cancelled, unknown', async () => {
    const [jose] = (await searchGuests(fixture.db, 'jose')).tickets;
    expect(guestPresence(jose!)).toEqual({ kind: 'in', at: '2026-11-24 19:02:00', door: 'North gate' });
    expect(guestPresence((await searchGuests(fixture.db, 'john')).tickets[0]!)).toEqual({ kind: 'notIn' });
    expect(guestPresence((await searchGuests(fixture.db, 'siobhan')).tickets[0]!)).toEqual({ kind: 'cancelled' });
    expect(guestPresence((await searchGuests(fixture.db, 'dmn3333')).tickets[0]!)).toEqual({ kind: 'unknown' });
  });

  it('returns at most 50 and says there are more, each ticket once however many of its words match', async () => {
    await fixture.db.tickets.bulkPut(
      Array.from({ length: 120 }, (_, index) => ticket(`9${String(index).padStart(4, '0')}`, `Mary Maryam Marybeth ${String(index).padStart(3, '0')}`, null)),
    );
    const result = await searchGuests(fixture.db, 'mary');
    expect(result.tickets).toHaveLength(MAX_GUEST_RESULTS);
    expect(new Set(result.tickets.map((row) => row.ticketId)).size).toBe(MAX_GUEST_RESULTS);
    expect(result.more).toBe(true);
    const two = await searchGuests(fixture.db, 'mary 00');
    expect(two.tickets.map((row) => row.guestName)).toEqual(Array.from({ length: 10 }, (_, index) => `Mary Maryam Marybeth 00${index}`));
    expect(two.more).toBe(false);
    expect((await searchGuests(fixture.db, 'smith')).more).toBe(false);
  });

  it('finds the few guests whose every word matches when each word alone matches over a thousand (and when one is rare)', async () => {
    const many = (prefix: string, name: string) => Array.from({ length: 1_100 }, (_, index) => ticket(`${prefix}${index}`, `${name} ${index}`, null));
    await fixture.db.tickets.bulkPut([...many('8', 'Mary Jones'), ...many('7', 'Mark Smithers'), ticket('6001', 'Mary Smith', null), ticket('6002', 'Smith Maryanne', null)]);
    expect(await names(fixture.db, 'mary smi')).toEqual(['Mary Smith', 'Smith Maryanne']);
    expect(await names(fixture.db, 'mary smith')).toEqual(['Mary Smith', 'Smith Maryanne']);
    expect(await names(fixture.db, 'smith mary')).toEqual(['Mary Smith', 'Smith Maryanne']);
    expect(await names(fixture.db, 'mary sm 1099')).toEqual([]);
    expect(await names(fixture.db, 'mary jo 1099')).toEqual(['Mary Jones 1099']);
    const dense = await searchGuests(fixture.db, 'mar smi');
    expect(dense.tickets).toHaveLength(MAX_GUEST_RESULTS);
    expect(dense.more).toBe(true);
  });

  it('returns nothing for an empty query, spaces or punctuation only', async () => {
    for (const query of ['', '   ', '-', '...', '\u200b']) expect(await searchGuests(fixture.db, query)).toEqual({ tickets: [], more: false });
  });

  it('takes hostile input as plain text: regex characters, SQL, 10,000 characters, control characters', async () => {
    for (const query of ['.*', '(jo', '[a-z]+', 'jo|sm', '\\', "'; DROP TABLE tickets; --", '%', '\u0000\u0001', 'x'.repeat(10_000), 'jo '.repeat(5_000)]) {
      const result = await searchGuests(fixture.db, query);
      expect(result.tickets.length, query.slice(0, 20)).toBeLessThanOrEqual(MAX_GUEST_RESULTS);
    }
    expect(await names(fixture.db, '.*')).toEqual([]);
    expect(await names(fixture.db, '(jo')).toEqual(['Joan Smythe', 'John Smith', 'José Núñez']);
    expect(await names(fixture.db, 'x'.repeat(10_000))).toEqual([]);
    expect(parseGuestQuery('jo '.repeat(5_000))).toMatchObject({ words: ['jo'], compact: 'jo'.repeat(32) });
    expect(parseGuestQuery('a b c d e f g h')?.words).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(await fixture.db.tickets.count()).toBe(7);
  });

  it('finds a guest the door has just scanned, and every later write keeps the index current', async () => {
    const deps = { db: fixture.db, now: fixture.nowDate, newId: fixture.newId };
    await recordScan(deps, TEST_CONFIG, { payload: '5555', input: 'manual' });
    expect((await searchGuests(fixture.db, '5555')).tickets.map((row) => row.ticketId)).toEqual(['5555']);
    await fixture.db.tickets.update('5555', { guestName: 'Renée Dupont', reference: 'DMN-5555555555-5' });
    expect(await names(fixture.db, 'renee')).toEqual(['Renée Dupont']);
    await fixture.db.tickets.update('2148', { guestName: 'Jonathan Smith' });
    expect(await names(fixture.db, 'john')).toEqual([]);
    expect(await names(fixture.db, 'jonathan')).toEqual(['Jonathan Smith']);
    await fixture.db.tickets.delete('2153');
    expect(await names(fixture.db, 'adam')).toEqual([]);
  });
});
