// The device's own mapping evidence, counted as the sync pass reconciles Tonic's answers.
import { describe, expect, it, vi } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import { runSyncPass } from '../sync/syncPass.ts';
import { createEngineFixture, scriptedTonic, successFor, TEST_CONFIG, type TonicScript } from '../testing/engineFixture.ts';
import { codeFor, LIST_PURCHASE, LIST_SUBTYPE, listEntry, listMeta, listState, putGuestList } from '../testing/guestListFixtures.ts';
import { combinedEvidence, mappingState } from '../model/guestListEntry.ts';
import { mappingNoticeOf } from './mappingEvidence.ts';
import { addEntries } from './listStore.ts';

const UNCONFIRMED = { listedConfirmed: 0, unlistedConfirmed: 0 };
const stranger = (n: number) => codeFor('0123456789abcdef0123456' + String(n), n);
const allSucceed: TonicScript = (items) => ({ ok: true, value: items.map(successFor) });

async function door(meta = listMeta({ mapping: UNCONFIRMED })) {
  const fixture = createEngineFixture();
  await fixture.db.settings.put({ id: 'device', config: TEST_CONFIG, batchSize: 50, configuredAt: '', preferences: {} });
  await putGuestList(fixture.db, [listEntry(), listEntry({ ticketRef: 2, key: `${LIST_PURCHASE}.2` })], listState(meta));
  const scan = async (payload: string) => {
    const result = await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'camera' });
    fixture.advance(1_000);
    return result.ok ? result.scan : null;
  };
  const sync = (script: TonicScript = allSucceed) =>
    runSyncPass({ db: fixture.db, tonic: scriptedTonic(script), now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
  const state = async () => (await fixture.db.guestListState.get('guestList'))!;
  return { fixture, scan, sync, state };
}

describe('the mapping evidence from Tonic\'s answers', () => {
  it('counts a confirmed listed code and learns the middle part, and counts confirmed unlisted codes, with one list read per batch', async () => {
    const { fixture, scan, sync, state } = await door();
    expect((await scan(codeFor(LIST_PURCHASE, 1)))?.verdict).toMatchObject({ kind: 'admitted', guest: { name: 'Adina Okafor' } });
    // Not on a list whose match is not yet confirmed: sent, so Tonic's answer tells.
    expect((await scan(stranger(1)))?.verdict).toEqual({ kind: 'admitted', unchecked: 'notConfirmed' });
    expect((await scan(stranger(2)))?.verdict).toEqual({ kind: 'admitted', unchecked: 'notConfirmed' });
    const reads = vi.spyOn(fixture.db.guestListChunks, 'bulkGet');
    await sync();
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await state()).toMatchObject({ localMapping: { listedConfirmed: 1, unlistedConfirmed: 2 }, localCodeMiddle: 'item' });
    const after = await state();
    expect(mappingState(combinedEvidence(after.meta!.mapping, after.localMapping))).toBe('confirmed');
  });

  it('learns that the middle part is the ticket type when that is what matched', async () => {
    const { scan, sync, state } = await door();
    await scan(codeFor(LIST_PURCHASE, 2, LIST_SUBTYPE));
    await sync();
    expect((await state()).localCodeMiddle).toBe('subType');
  });

  it('past the limit of unlisted confirmations the mapping is broken: the door stops refusing, and the scan screen says why', async () => {
    const { scan, sync, state } = await door(listMeta({ mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } }));
    for (const n of [1, 2, 3]) await scan(stranger(n));
    await sync();
    const broken = await state();
    expect(broken.localMapping.unlistedConfirmed).toBe(3);
    expect((await scan(stranger(4)))?.verdict).toEqual({ kind: 'admitted', unchecked: 'broken' });
    expect(mappingNoticeOf(broken, 'admit')).toMatch(/^Not refusing unknown codes: the ticket office accepted 3 tickets that were not on the guest list/);
    expect(mappingNoticeOf({ ...broken, localMapping: UNCONFIRMED }, 'admit')).toBeNull();
  });

  it('counts nothing for refusals, check-outs, or codes decided with no list for their date', async () => {
    const { fixture, scan, sync, state } = await door(listMeta({ mapping: UNCONFIRMED, occurrences: ['2026-12-05'] }));
    await scan(stranger(1)); // no list for today: amber, sent
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: stranger(2), input: 'camera', direction: 'out' });
    await sync();
    expect((await state()).localMapping).toEqual(UNCONFIRMED);
    const refused = await door();
    await refused.scan(stranger(5));
    await refused.sync((items) => ({ ok: true, value: items.map(() => ({ _id: 'a'.repeat(24), result: 'not_found' })) }));
    expect((await refused.state()).localMapping).toEqual(UNCONFIRMED);
  });

  it('never counts a number: a file lists it as itself, so it says nothing about how Tonic codes map', async () => {
    const { fixture, scan, sync, state } = await door(listMeta({ mapping: UNCONFIRMED, holdsNumbers: true }));
    await addEntries(fixture.db, [listEntry({ key: '2148', code: '2148', purchaseId: null, ticketRef: null, guestName: 'Runner 2148' })]);
    expect((await scan('2148'))?.verdict).toMatchObject({ kind: 'admitted', guest: { name: 'Runner 2148' } });
    expect((await sync()).confirmed).toBe(1);
    expect((await state()).localMapping).toEqual(UNCONFIRMED);
  });

  it('does no guest-list work when the device has no list', async () => {
    const fixture = createEngineFixture();
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: stranger(1), input: 'camera' });
    const reads = vi.spyOn(fixture.db.guestListChunks, 'bulkGet');
    const report = await runSyncPass({ db: fixture.db, tonic: scriptedTonic(allSucceed), now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
    expect(report.confirmed).toBe(1);
    expect(reads).not.toHaveBeenCalled();
    expect(await fixture.db.guestListState.count()).toBe(0);
  });
});
