// Activity's line about the history, in words a steward reads.
import { describe, expect, it } from 'vitest';
import { describeHistoryRetention } from './describeHistoryRetention.ts';

describe('describeHistoryRetention', () => {
  it('says how long scans are kept, and that nothing was cleared yet', () => {
    expect(describeHistoryRetention({ days: 14, lastPrune: null }, 'Europe/London')).toEqual({ kept: 'Kept on this device for 14 days · nothing older cleared yet', waiting: null });
    expect(describeHistoryRetention({ days: 1, lastPrune: { at: null, removed: 0, totalRemoved: 0, keptOlder: 1 } }, 'Europe/London')).toEqual({
      kept: 'Kept on this device for 1 day · nothing older cleared yet',
      waiting: '1 older scan is kept until sent, confirmed or marked handled.',
    });
  });

  it('counts what was cleared, dated on the venue calendar', () => {
    const lastPrune = { at: '2026-12-03T23:30:00.000Z', removed: 34, totalRemoved: 1234, keptOlder: 5 };
    expect(describeHistoryRetention({ days: 14, lastPrune }, 'Europe/London')).toEqual({
      kept: 'Kept on this device for 14 days · 1,234 older scans cleared, the last on 3 Dec',
      waiting: '5 older scans are kept until sent, confirmed or marked handled.',
    });
    // Half past eleven in London is the next morning in Tokyo.
    expect(describeHistoryRetention({ days: 14, lastPrune }, 'Asia/Tokyo').kept).toBe('Kept on this device for 14 days · 1,234 older scans cleared, the last on 4 Dec');
  });
});
