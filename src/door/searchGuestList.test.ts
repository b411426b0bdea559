// Find a guest over the whole guest list, merged with this device's tickets.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngineFixture } from '../testing/engineFixture.ts';
import { codeFor, LIST_PURCHASE, listEntry } from '../testing/guestListFixtures.ts';
import { addEntries } from '../guestlist/listStore.ts';
import { findGuests, foundPresence, MAX_GUEST_RESULTS, searchGuestList } from './searchGuests.ts';

const OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbb';

describe('Find a guest over the guest list', () => {
  let fixture: ReturnType<typeof createEngineFixture>;
  beforeEach(async () => {
    fixture = createEngineFixture();
    await addEntries(fixture.db, [
      listEntry({ guestName: 'Adina Okafor' }),
      listEntry({ ticketRef: 2, key: `${LIST_PURCHASE}.2`, guestName: 'Ben Okafor', reference: 'DMN-7930721728-2', refunded: true }),
      listEntry({ purchaseId: OTHER, key: `${OTHER}.1`, purchaseRef: 'DMN-5550000000', reference: 'DMN-5550000000-1', guestName: 'Chloé Dupont', occurrence: '2026-12-05' }),
      listEntry({ purchaseId: OTHER, ticketRef: 2, key: `${OTHER}.2`, purchaseRef: 'DMN-5550000000', reference: 'DMN-5550000000-2', guestName: 'Dev Patel', checkedIn: true }),
    ]);
  });

  it('finds entries by name words (the rows got their search words on the way in), ticket and booking reference, and a whole code', async () => {
    expect((await searchGuestList(fixture.db, 'chloe')).entries.map((entry) => entry.guestName)).toEqual(['Chloé Dupont']);
    expect((await searchGuestList(fixture.db, 'oka')).entries.map((entry) => entry.guestName)).toEqual(['Adina Okafor', 'Ben Okafor']);
    expect((await searchGuestList(fixture.db, 'dmn 7930721728 2')).entries.map((entry) => entry.guestName)).toEqual(['Ben Okafor']);
    expect((await searchGuestList(fixture.db, 'dmn7930721728')).entries.map((entry) => entry.guestName)).toEqual(['Adina Okafor', 'Ben Okafor']);
    expect((await searchGuestList(fixture.db, 'DMN-5550000000')).entries.map((entry) => entry.guestName)).toEqual(['Chloé Dupont', 'Dev Patel']);
    expect((await searchGuestList(fixture.db, codeFor(LIST_PURCHASE, 1))).entries.map((entry) => entry.guestName)).toEqual(['Adina Okafor']);
  });

  it('merges a ticket this device knows with its list entry: the ticket\'s presence, the list\'s name and type', async () => {
    const code = codeFor(LIST_PURCHASE, 1);
    await fixture.db.tickets.put({ ticketId: code, status: 'valid', reference: null, guestName: null, checkedInAt: '2026-11-24 18:50:00', checkedInDoor: 'South', updatedAt: '' });
    const { guests } = await findGuests(fixture.db, 'adina', 'item');
    expect(guests).toHaveLength(1);
    // The ticket known here had no name: found by the list's name, and it is one result.
    expect(guests[0]).toMatchObject({ ticket: { ticketId: code }, entry: { guestName: 'Adina Okafor' }, name: 'Adina Okafor', ticketType: 'Standing', payload: code });
    expect(foundPresence(guests[0]!, '2026-11-24')).toEqual({ kind: 'in', at: '2026-11-24 18:50:00', door: 'South' });
  });

  it('shows refunded, other-date and checked-in entries as such, and checks a guest in through the list\'s code', async () => {
    const { guests } = await findGuests(fixture.db, 'o', 'item');
    const byName = new Map(guests.map((guest) => [guest.name, guest]));
    expect(foundPresence(byName.get('Ben Okafor')!, '2026-11-24')).toEqual({ kind: 'refunded' });
    const dev = await findGuests(fixture.db, 'dev', 'item');
    expect(foundPresence(dev.guests[0]!, '2026-11-24')).toEqual({ kind: 'inOnList' });
    const chloe = await findGuests(fixture.db, 'chloe', 'item');
    expect(foundPresence(chloe.guests[0]!, '2026-11-24')).toEqual({ kind: 'otherDate', date: '2026-12-05' });
    expect(byName.get('Adina Okafor')).toMatchObject({ payload: codeFor(LIST_PURCHASE, 1) });
    // The code's middle part not known yet: the reference goes, and the door says what it can do with it.
    expect((await findGuests(fixture.db, 'adina', null)).guests[0]).toMatchObject({ payload: 'DMN-7930721728-1' });
  });

  it('keeps a listed guest\'s result the same one once their ticket becomes known here (checked in from it)', async () => {
    const before = (await findGuests(fixture.db, 'adina', 'item')).guests[0]!;
    await fixture.db.tickets.put({ ticketId: codeFor(LIST_PURCHASE, 1), status: 'valid', reference: 'DMN-7930721728-1', guestName: 'Adina Okafor', checkedInAt: '2026-11-24 19:00:00', checkedInDoor: 'North', updatedAt: '' });
    const after = await findGuests(fixture.db, 'adina', 'item');
    expect(after.guests).toHaveLength(1);
    expect(after.guests[0]).toMatchObject({ id: before.id, ticket: { ticketId: codeFor(LIST_PURCHASE, 1) }, entry: { key: `${LIST_PURCHASE}.1` } });
  });

  it('stays on the indexes over a big list: a page of results and "more", never the whole table', async () => {
    const many = Array.from({ length: 3_000 }, (_, index) => {
      const purchaseId = index.toString(16).padStart(24, '0');
      return listEntry({ purchaseId, key: `${purchaseId}.1`, guestName: `Mary Smith ${index}`, reference: `DMN-${1_000_000_000 + index}-1`, purchaseRef: `DMN-${1_000_000_000 + index}` });
    });
    await addEntries(fixture.db, many);
    const whole = vi.spyOn(fixture.db.guestListChunks, 'toArray');
    const reads = vi.spyOn(fixture.db.guestListChunks, 'bulkGet');
    const result = await findGuests(fixture.db, 'mary', 'item');
    expect(result.guests).toHaveLength(MAX_GUEST_RESULTS);
    expect(result.more).toBe(true);
    // 3,004 entries are over a hundred chunks: a page of "mary" is in the first batch read.
    expect(reads.mock.calls.flatMap(([ids]) => ids).length).toBeLessThanOrEqual(8);
    expect((await findGuests(fixture.db, 'mary smith 2999', 'item')).guests.map((guest) => guest.name)).toEqual(['Mary Smith 2999']);
    expect(whole).not.toHaveBeenCalled();
  });
});
