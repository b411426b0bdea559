import { describe, expect, it } from 'vitest';
import { apiError } from '../api/apiError.ts';
import type { TonicClient } from '../api/tonicClient.ts';
import { createEngineFixture } from '../testing/engineFixture.ts';
import { refreshOccurrences } from './refreshOccurrences.ts';

describe('refreshOccurrences', () => {
  it('asks for yesterday to a week ahead in the venue calendar, caches the answer, and replaces stale rows', async () => {
    const fixture = createEngineFixture('2026-11-24T23:30:00Z'); // already the 25th in Stockholm
    const asked: string[][] = [];
    let answer = [
      { occurrence_date: '2026-11-25', occurrence_start: '19:00', max_total_tickets: 320, total_sales_tickets: 295, sold_out: false, is_cancelled: false },
      { occurrence_date: '2026-11-26', max_total_tickets: 150, total_sales_tickets: 150, sold_out: true },
    ];
    const tonic = { occurrences: async (event: string, from: string, to: string) => (asked.push([event, from, to]), { ok: true as const, value: answer }) } as unknown as TonicClient;
    await refreshOccurrences(fixture.db, tonic, 'ev1', 'Europe/Stockholm', fixture.now, () => {});
    expect(asked).toEqual([['ev1', '2026-11-24', '2026-12-02']]);
    expect((await fixture.db.occurrences.orderBy('occurrenceDate').toArray()).map((row) => [row.occurrenceDate, row.capacity, row.sold, row.soldOut])).toEqual([
      ['2026-11-25', 320, 295, false],
      ['2026-11-26', 150, 150, true],
    ]);
    answer = [answer[0]!]; // tomorrow's show was taken down upstream
    await refreshOccurrences(fixture.db, tonic, 'ev1', 'Europe/Stockholm', fixture.now, () => {});
    expect(await fixture.db.occurrences.count()).toBe(1);
  });

  it('keeps the cache and records the error when Tonic cannot answer', async () => {
    const fixture = createEngineFixture();
    await fixture.db.occurrences.put({ key: 'ev1|2026-11-24', eventId: 'ev1', occurrenceDate: '2026-11-24', start: null, end: null, niceDate: null, onSale: true, cancelled: false, soldOut: false, capacity: 1, sold: 1, fetchedAt: 'before' });
    const tonic = { occurrences: async () => ({ ok: false as const, error: apiError('network', 'No connection') }) } as unknown as TonicClient;
    await refreshOccurrences(fixture.db, tonic, 'ev1', 'Europe/London', fixture.now, () => {});
    expect(await fixture.db.occurrences.count()).toBe(1);
    expect((await fixture.db.syncStatus.get('sync'))?.lastOccurrencesError).toBe('No connection');
  });
});
