// A list file imported on the device: all of it as the door's list, or none of it with every bad row named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { entryFixture, metaFixture } from '../testing/guestListFixtures.ts';
import { countForOccurrence, readGuestListState, replaceGuestList } from './deviceGuestList.ts';
import { guestFileSizeProblem, importGuestFile, stopUsingFileList } from './fileGuestList.ts';
import { entriesByKey, readAllEntries } from './listStore.ts';
import { entriesWithWord } from '../testing/guestListFixtures.ts';

const SAMPLE = readFileSync(new URL('../../docs/guest-list-sample.csv', import.meta.url), 'utf8');

describe('importing a guest list file on the device', () => {
  it('stores the sample file as the door\'s list, a file list that holds numbers', async () => {
    const fixture = createEngineFixture();
    const outcome = await importGuestFile(fixture.db, TEST_CONFIG, SAMPLE, '2026-12-05', fixture.nowDate());
    expect(outcome).toEqual({ ok: true, tickets: 5, occurrences: ['2026-12-05'] });
    expect(await countForOccurrence(fixture.db, '2026-12-05')).toBe(5);
    expect(await readGuestListState(fixture.db)).toMatchObject({
      origin: 'file',
      lastError: null,
      meta: { source: 'file', version: 0, eventId: 'e', occurrences: ['2026-12-05'], fetchedAt: fixture.nowDate().toISOString(), size: 5, holdsNumbers: true },
    });
    expect((await entriesByKey(fixture.db, '100234')).length).toBe(1);
    expect((await entriesWithWord(fixture.db, 'obrien', 'equals')).length).toBe(1);
  });

  it('is never replaced by a download that arrives after it, and holds the list refresher\'s lock while it writes', async () => {
    const fixture = createEngineFixture();
    const asked: string[] = [];
    const locks = { request: async (name: string, run: () => Promise<unknown>) => { asked.push(name); return run(); } } as unknown as Pick<LockManager, 'request'>;
    expect(await importGuestFile(fixture.db, TEST_CONFIG, SAMPLE, '2026-12-05', fixture.nowDate(), locks)).toMatchObject({ ok: true, tickets: 5 });
    expect(asked).toEqual(['doorlist-guest-list']);
    expect((await readGuestListState(fixture.db)).meta).toMatchObject({ numberDates: ['2026-12-05'] });
    // A gateway download that was on its way when staff imported the file lands after it: the file stands.
    await replaceGuestList(fixture.db, [entryFixture(1)], { meta: metaFixture({ version: 7 }), origin: 'gateway', syncedAt: fixture.nowDate().toISOString() });
    expect(await readGuestListState(fixture.db)).toMatchObject({ origin: 'file', meta: { source: 'file', size: 5 } });
    expect(await readAllEntries(fixture.db)).toHaveLength(5);
  });

  it('puts rows without a date on the date given, and says a list of Tonic codes holds no numbers', async () => {
    const fixture = createEngineFixture();
    const text = 'code,name\n627e095671209038d339a182.627cb97471209027347177dc.1,Ada Lovelace\n';
    expect(await importGuestFile(fixture.db, TEST_CONFIG, text, '2026-11-24', fixture.nowDate())).toEqual({ ok: true, tickets: 1, occurrences: ['2026-11-24'] });
    expect((await readGuestListState(fixture.db)).meta?.holdsNumbers).toBe(false);
  });

  it('imports nothing from a file with bad rows, names each by its line, and keeps the list the door had', async () => {
    const fixture = createEngineFixture();
    await replaceGuestList(fixture.db, [entryFixture(1)], { meta: metaFixture({ version: 4 }), origin: 'gateway', syncedAt: 'x' });
    const bad = `${SAMPLE.trimEnd()}\nnot a code,Someone,,,no,no,2026-12-05\n100236,Ann,5K run,,perhaps,no,2026-12-05\n`;
    const outcome = await importGuestFile(fixture.db, TEST_CONFIG, bad, '2026-12-05', fixture.nowDate());
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.lines.map((line) => line.slice(0, 8))).toEqual(['Line 7: ', 'Line 8: ']);
    expect((await readAllEntries(fixture.db)).length).toBe(1);
    expect(await readGuestListState(fixture.db)).toMatchObject({ origin: 'gateway', meta: { version: 4 } });
  });

  it('refuses a file far too large before reading it', () => {
    expect(guestFileSizeProblem(20 * 1024 * 1024)).toBeNull();
    expect(guestFileSizeProblem(500 * 1024 * 1024)).toBe('This file is 500 MB, too large for a guest list: split it by date.');
  });

  it("stops using the file's list, and only a file's", async () => {
    const fixture = createEngineFixture();
    await importGuestFile(fixture.db, TEST_CONFIG, SAMPLE, '2026-12-05', fixture.nowDate());
    expect(await stopUsingFileList(fixture.db)).toBe(true);
    expect((await readAllEntries(fixture.db)).length).toBe(0);
    expect((await readGuestListState(fixture.db)).meta).toBeNull();
    await replaceGuestList(fixture.db, [entryFixture(1)], { meta: metaFixture(), origin: 'gateway', syncedAt: 'x' });
    expect(await stopUsingFileList(fixture.db)).toBe(false);
    expect((await readAllEntries(fixture.db)).length).toBe(1);
  });
});
