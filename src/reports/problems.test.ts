// "Needs attention": counted and listed from indexes, and the same scans a walk over every row would find.
import { describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import type { ScanRow } from '../db/tables.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { countProblems, latestProblems } from './problems.ts';
import { markHandled, sendAgain } from '../outbox/scanActions.ts';

async function device(states: Array<ScanRow['state']>) {
  const f = createEngineFixture();
  for (const [index, state] of states.entries()) {
    const result = await recordScan({ db: f.db, now: f.nowDate, newId: f.newId }, TEST_CONFIG, { payload: String(3000 + index), input: 'manual' });
    if (!result.ok) throw new Error('not saved');
    await f.db.scans.update(result.scan.id, { state });
    f.advance(1_000);
  }
  return f;
}

/** What the indexes must agree with: every row read and filtered. */
async function byWalking(f: Awaited<ReturnType<typeof device>>) {
  const rows = (await f.db.scans.orderBy('id').reverse().toArray()).filter((row) => (row.state === 'rejected' || row.state === 'failed') && !row.handledAt);
  return { count: rows.length, ids: rows.map((row) => row.ticketId) };
}

describe('problems', () => {
  it('counts and lists refused and failed scans, newest first, leaving out handled ones and every other state', async () => {
    const f = await device(['rejected', 'confirmed', 'failed', 'queued', 'rejected', 'local', 'failed', 'sentUnconfirmed', 'rejected']);
    const rows = await f.db.scans.orderBy('id').toArray();
    await markHandled(f.db, rows[4]!.id, f.nowDate()); // a refused one dealt with
    await markHandled(f.db, rows[6]!.id, f.nowDate()); // a failed one dealt with
    expect(await countProblems(f.db)).toBe(3);
    expect((await latestProblems(f.db, 50)).map((row) => row.ticketId)).toEqual(['3008', '3002', '3000']);
    expect(await latestProblems(f.db, 2)).toHaveLength(2);
    const walked = await byWalking(f);
    expect(walked).toEqual({ count: 3, ids: ['3008', '3002', '3000'] });
  });

  it('a failed scan sent again leaves the list, and comes back unhandled if it fails again', async () => {
    const f = await device(['failed']);
    const [row] = await f.db.scans.toArray();
    await markHandled(f.db, row!.id, f.nowDate());
    expect(await countProblems(f.db)).toBe(0);
    await f.db.scans.update(row!.id, { handledAt: null }); // as an older version left a row: handledAt null, not missing
    expect(await countProblems(f.db)).toBe(1);
    expect(await sendAgain(f.db, row!.id, f.nowDate())).toBe(true);
    expect(await countProblems(f.db)).toBe(0);
    await f.db.scans.update(row!.id, { state: 'failed' });
    expect(await countProblems(f.db)).toBe(1);
    expect((await latestProblems(f.db, 50)).map((scan) => scan.id)).toEqual([row!.id]);
  });

  it('agrees with a walk over every row on a large mixed history', async () => {
    const states: Array<ScanRow['state']> = [];
    for (let i = 0; i < 400; i += 1) states.push((['rejected', 'confirmed', 'failed', 'rejected', 'queued'] as const)[i % 5]!);
    const f = await device(states);
    const rows = await f.db.scans.orderBy('id').toArray();
    for (const row of rows.filter((_, index) => index % 7 === 0)) await markHandled(f.db, row.id, f.nowDate());
    const walked = await byWalking(f);
    expect(await countProblems(f.db)).toBe(walked.count);
    expect((await latestProblems(f.db, 50)).map((row) => row.ticketId)).toEqual(walked.ids.slice(0, 50));
  });
});
