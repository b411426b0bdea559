// The Event and Counts screens' numbers, from a real (fake-indexeddb) device database: guests in, per hour, counts in play.
import { describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import type { OccurrenceRow, ScanDirection } from '../db/tables.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { occurrenceLabel } from '../api/venueTime.ts';
import { guestsInAtThisDoor, movementsByHour, occurrenceSummaries, windowCountsInPlay } from './doorCounts.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

// 19:00 UTC is 19:00 in London in November.
function door(startIso = '2026-11-24T19:00:00Z') {
  const fixture = createEngineFixture(startIso);
  const scan = async (payload: string, direction: ScanDirection = 'in') => {
    const result = await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'manual', direction });
    if (!result.ok) throw new Error(result.message);
    return result.scan;
  };
  return { ...fixture, scan };
}

const occurrence = (occurrenceDate: string, change: Partial<OccurrenceRow> = {}): OccurrenceRow => ({
  key: `e|${occurrenceDate}`,
  eventId: 'e',
  occurrenceDate,
  start: '19:00',
  end: '23:00',
  niceDate: null,
  onSale: true,
  cancelled: false,
  soldOut: false,
  capacity: 320,
  sold: 265,
  fetchedAt: '2026-11-24T18:00:00.000Z',
  ...change,
});

describe('on an empty device', () => {
  it('has nobody in, no hours, no counts in play and no occurrences', async () => {
    const { db, now } = door();
    expect(await guestsInAtThisDoor(db, '2026-11-24')).toBe(0);
    expect(await movementsByHour(db, now() - DAY_MS, now())).toEqual([]);
    expect(await windowCountsInPlay(db, now())).toEqual([]);
    expect(await occurrenceSummaries(db, 'e')).toEqual([]);
  });
});

describe('guestsInAtThisDoor', () => {
  it('counts tickets admitted here on the date and not checked out since; re-entry counts once', async () => {
    const { db, scan, advance } = door();
    await scan('2148');
    await scan('2149');
    await scan('2150');
    await scan('2148'); // already in: not a second guest
    await scan('hello'); // not a ticket
    advance(10 * MINUTE_MS);
    await scan('2149', 'out');
    await scan('2150', 'out');
    await scan('2150'); // came back in
    expect(await guestsInAtThisDoor(db, '2026-11-24')).toBe(2);
    expect(await guestsInAtThisDoor(db, '2026-11-25')).toBe(0);
    expect(await guestsInAtThisDoor(db, 'not a date')).toBe(0);
  });

  it('leaves out scans the server refused and scans imported from another door', async () => {
    const { db, scan } = door();
    const refused = await scan('2148');
    const imported = await scan('2149');
    await scan('2150');
    await db.scans.update(refused.id, { state: 'rejected' });
    await db.scans.update(imported.id, { importedAt: '2026-11-24T19:30:00.000Z' });
    expect(await guestsInAtThisDoor(db, '2026-11-24')).toBe(1);
  });

  it('goes by the venue date, not the UTC date: 00:30 in Sydney is the previous day in UTC', async () => {
    const { db, nowDate, newId } = door('2026-11-24T13:30:00Z');
    const sydney = { ...TEST_CONFIG, venueTimeZone: 'Australia/Sydney' };
    const result = await recordScan({ db, now: nowDate, newId }, sydney, { payload: '2148', input: 'manual' });
    expect(result.ok && result.scan.venueTime).toBe('2026-11-25 00:30:00');
    expect(await guestsInAtThisDoor(db, '2026-11-25')).toBe(1);
    expect(await guestsInAtThisDoor(db, '2026-11-24')).toBe(0);
  });
});

describe('movementsByHour', () => {
  it('counts check-ins and check-outs per venue hour, with quiet hours as zeros and old scans left out', async () => {
    const { db, scan, advance, now } = door('2026-11-24T16:10:00Z');
    await scan('2100'); // 16:10: outside the window asked for below
    advance(2 * HOUR_MS + 40 * MINUTE_MS); // 18:50
    await scan('2148');
    await scan('2149');
    await scan('2148'); // already in: not a check-in
    advance(20 * MINUTE_MS); // 19:10
    await scan('2150');
    await scan('2149', 'out');
    advance(2 * HOUR_MS); // 21:10
    await scan('2151');
    expect(await movementsByHour(db, Date.parse('2026-11-24T18:00:00Z'), now())).toEqual([
      { hour: '2026-11-24 18', checkIns: 2, checkOuts: 0 },
      { hour: '2026-11-24 19', checkIns: 1, checkOuts: 1 },
      { hour: '2026-11-24 20', checkIns: 0, checkOuts: 0 },
      { hour: '2026-11-24 21', checkIns: 1, checkOuts: 0 },
    ]);
  });

  it('runs across midnight, and leaves out refused and imported scans', async () => {
    const { db, scan, advance, now } = door('2026-11-24T23:30:00Z');
    await scan('2148');
    const refused = await scan('2149');
    advance(HOUR_MS);
    const imported = await scan('2150');
    await scan('2151');
    await db.scans.update(refused.id, { state: 'rejected' });
    await db.scans.update(imported.id, { importedAt: '2026-11-25T01:00:00.000Z' });
    expect(await movementsByHour(db, now() - DAY_MS, now())).toEqual([
      { hour: '2026-11-24 23', checkIns: 1, checkOuts: 0 },
      { hour: '2026-11-25 00', checkIns: 1, checkOuts: 0 },
    ]);
  });
});

describe('windowCountsInPlay', () => {
  it('lists the numeric tickets scanned lately with their RunSignup count, or none yet', async () => {
    const { db, scan, advance, now } = door();
    await scan('2148');
    await scan('627e095671209038d339a182.627cb97471209027347177dc.2'); // Tonic only: no RunSignup count
    advance(MINUTE_MS);
    await scan('2149');
    await db.counts.put({ ticketId: '2148', windowCheckedInCount: 1, fetchedAt: '2026-11-24T19:00:30.000Z' });
    expect(await windowCountsInPlay(db, now())).toEqual([
      { ticketId: '2149', count: null },
      { ticketId: '2148', count: { ticketId: '2148', windowCheckedInCount: 1, fetchedAt: '2026-11-24T19:00:30.000Z' } },
    ]);
  });
});

describe('occurrenceSummaries', () => {
  it('lists the event\'s occurrences in date order with a label and the guests in at this door on each date', async () => {
    const { db, scan } = door();
    await db.occurrences.bulkPut([occurrence('2026-11-25', { soldOut: true, sold: 150, capacity: 150 }), occurrence('2026-11-24'), { ...occurrence('2026-11-24'), key: 'other|2026-11-24', eventId: 'other' }]);
    await scan('2148');
    await scan('2149');
    const summaries = await occurrenceSummaries(db, 'e');
    expect(summaries.map((summary) => [summary.label, summary.inAtThisDoor, summary.occurrence.soldOut])).toEqual([
      ['Tue 24 Nov 19:00', 2, false],
      ['Wed 25 Nov 19:00', 0, true],
    ]);
  });
});

describe('occurrenceLabel', () => {
  it('reads Tonic starts given as a time or a full date-time, and a missing start', () => {
    expect(occurrenceLabel('2026-11-24', '19:00')).toBe('Tue 24 Nov 19:00');
    expect(occurrenceLabel('2026-11-24', '2026-11-24 19:30:00')).toBe('Tue 24 Nov 19:30');
    expect(occurrenceLabel('2026-11-24', '2026-11-24T09:05:00+00:00')).toBe('Tue 24 Nov 09:05');
    expect(occurrenceLabel('2026-11-24', null)).toBe('Tue 24 Nov');
    expect(occurrenceLabel('someday', null)).toBe('someday');
  });
});
