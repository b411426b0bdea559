// recordScan with a guest list on the device: what it reads (in its one transaction) and what it writes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DevicePreferences } from '../settings/preferences.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { codeFor, LIST_PURCHASE, listEntry, listMeta, listState, putGuestList } from '../testing/guestListFixtures.ts';
import { recordScan } from './recordScan.ts';

const CODE = codeFor(LIST_PURCHASE, 1);
const CONFIG = { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, eventId: '627cb97471209027347177dc' } };

describe('recordScan with a guest list', () => {
  const fixture = createEngineFixture('2026-11-24T19:00:00Z');
  const deps = { db: fixture.db, now: fixture.nowDate, newId: fixture.newId };
  const db = fixture.db;
  const setUp = (preferences: Partial<DevicePreferences> = {}) => db.settings.put({ id: 'device', config: CONFIG, batchSize: 50, configuredAt: '2026-11-24T10:00:00Z', preferences });
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all([db.scans.clear(), db.tickets.clear(), db.guestListChunks.clear(), db.guestListState.clear(), db.settings.clear()]);
  });

  it('admits a listed guest by name, with "Check ID", in one transaction, and remembers the guest on the ticket', async () => {
    await setUp();
    await putGuestList(db, [listEntry()], listState(listMeta({ minimumAge: 'Over 18' })));
    const transaction = vi.spyOn(db, 'transaction');
    const result = await recordScan(deps, CONFIG, { payload: CODE, input: 'camera' });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(result.ok && result.scan).toMatchObject({
      ticketId: CODE,
      state: 'queued',
      verdict: { kind: 'admitted', guest: { name: 'Adina Okafor', ticketType: 'Standing', reference: 'DMN-7930721728-1' }, checkId: 'Over 18' },
    });
    expect(await db.tickets.get(CODE)).toMatchObject({ guestName: 'Adina Okafor', reference: 'DMN-7930721728-1', checkedInAt: '2026-11-24 19:00:00' });
  });

  it('refuses a well-formed code that is not on the list, keeps it as history and sends nothing', async () => {
    await setUp();
    await putGuestList(db, [listEntry()], listState(listMeta()));
    const forged = codeFor('0123456789abcdef01234567', 3);
    const result = await recordScan(deps, CONFIG, { payload: forged, input: 'camera' });
    expect(result.ok && result.scan).toMatchObject({ verdict: { kind: 'notOnList' }, state: 'local', ticketId: forged });
    expect(await db.tickets.count()).toBe(0);
  });

  it('checks the door\'s chosen occurrence, not today: another date\'s ticket is refused, and admitted at that date\'s door', async () => {
    await setUp({ occurrenceDate: '2026-11-24' });
    await putGuestList(db, [listEntry({ occurrence: '2026-12-05' })], listState(listMeta({ occurrences: ['2026-11-24', '2026-12-05'] })));
    const here = await recordScan(deps, CONFIG, { payload: CODE, input: 'camera' });
    expect(here.ok && here.scan.verdict).toMatchObject({ kind: 'otherDate', date: '2026-12-05', doorDate: '2026-11-24' });
    await setUp({ occurrenceDate: '2026-12-05' });
    const there = await recordScan(deps, CONFIG, { payload: CODE, input: 'camera' });
    expect(there.ok && there.scan.verdict).toMatchObject({ kind: 'admitted', guest: { name: 'Adina Okafor' } });
  });

  it('takes the door\'s date in the venue\'s time zone from the clock when none is chosen', async () => {
    // 00:30 UTC on the 25th is still the evening of the 24th in New York.
    const late = createEngineFixture('2026-11-25T00:30:00Z');
    await late.db.settings.put({ id: 'device', config: { ...CONFIG, venueTimeZone: 'America/New_York' }, batchSize: 50, configuredAt: '', preferences: {} });
    await putGuestList(late.db, [listEntry()], listState(listMeta()));
    const result = await recordScan({ db: late.db, now: late.nowDate, newId: late.newId }, { ...CONFIG, venueTimeZone: 'America/New_York' }, { payload: CODE, input: 'camera' });
    expect(result.ok && result.scan.verdict.kind).toBe('admitted');
    expect(result.ok && result.scan.verdict).toHaveProperty('guest');
  });

  it('follows the policy in Settings over the setup link: refuse while there is no list', async () => {
    await setUp({ unknownCodes: 'refuse' });
    const result = await recordScan(deps, { ...CONFIG, guestList: { unknownCodes: 'admit' } }, { payload: CODE, input: 'camera' });
    expect(result.ok && result.scan).toMatchObject({ verdict: { kind: 'noGuestList', reason: 'noList' }, state: 'local' });
  });

  it('finds a typed reference of a guest never seen here, and checks them in with the code the list gives', async () => {
    await setUp();
    await putGuestList(db, [listEntry()], listState(listMeta({ codeMiddle: 'item' })));
    const result = await recordScan(deps, CONFIG, { payload: 'dmn-7930721728-1', input: 'manual' });
    expect(result.ok && result.scan).toMatchObject({ ticketId: CODE, state: 'queued', verdict: { kind: 'admitted', guest: { name: 'Adina Okafor' } } });
  });

  it('says so plainly, and sends nothing, when the reference is on the list but its code is not known yet', async () => {
    await setUp();
    await putGuestList(db, [listEntry()], listState(listMeta({ codeMiddle: null })));
    const result = await recordScan(deps, CONFIG, { payload: 'DMN-7930721728-1', input: 'manual' });
    expect(result.ok && result.scan).toMatchObject({ ticketId: null, state: 'local', verdict: { kind: 'foundNoCode', guest: { name: 'Adina Okafor' } } });
  });

  it('uses the middle part this device learned when the list has not learned it', async () => {
    await setUp();
    await putGuestList(db, [listEntry()], listState(listMeta({ codeMiddle: null }), { localCodeMiddle: 'item' }));
    const result = await recordScan(deps, CONFIG, { payload: 'DMN-7930721728-1', input: 'manual' });
    expect(result.ok && result.scan.ticketId).toBe(CODE);
  });

  it('turns a booking reference into its one ticket, and lists a booking of several', async () => {
    await setUp();
    await putGuestList(db, [listEntry()], listState(listMeta({ codeMiddle: 'item' })));
    const one = await recordScan(deps, CONFIG, { payload: 'DMN-7930721728', input: 'manual' });
    expect(one.ok && one.scan).toMatchObject({ ticketId: CODE, verdict: { kind: 'admitted' } });
    await putGuestList(db, [listEntry(), listEntry({ ticketRef: 2, key: `${LIST_PURCHASE}.2` })], listState(listMeta({ codeMiddle: 'item' })));
    const several = await recordScan(deps, CONFIG, { payload: 'dmn-7930721728', input: 'manual' });
    expect(several.ok && several.scan).toMatchObject({ ticketId: null, state: 'local', verdict: { kind: 'severalOnList', purchaseRef: 'DMN-7930721728', count: 2 } });
  });

  it('keeps a booking reference no list knows as "not a ticket"', async () => {
    await setUp();
    await putGuestList(db, [listEntry()], listState(listMeta()));
    const result = await recordScan(deps, CONFIG, { payload: 'DMN-1111111111', input: 'manual' });
    expect(result.ok && result.scan.verdict.kind).toBe('notATicket');
  });
});
