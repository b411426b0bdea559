// An imported scan is validated against the closed verdict union, so the lists can always draw it.
import { describe, expect, it } from 'vitest';
import { importScans } from '../outbox/exportImport.ts';
import { createEngineFixture } from '../testing/engineFixture.ts';
import { describeScanOutcome } from './describeVerdict.ts';

describe('imported verdicts', () => {
  it('an import cannot store a scan that the recent strip and Activity cannot draw', async () => {
    const tablet = createEngineFixture();
    // A far-future ULID time puts the row at the top of the scan screen's recent strip for good.
    const scan = {
      id: '7ZZZZZZZZZ0000000000000000', payload: 'x', ticketId: '2148', direction: 'in', scannedAt: '2026-11-24T19:00:00.000Z',
      venueTime: '2026-11-24 19:00:00', deviceName: 'Phone', source: 'doorlist', input: 'camera', verdict: { kind: 'alreadyIn' }, state: 'confirmed',
    };
    const result = await importScans(tablet.db, JSON.stringify({ format: 'doorlist-scans', version: 1, deviceName: 'Phone', scans: [scan] }), tablet.nowDate());
    const stored = await tablet.db.scans.toArray();
    if (result.ok) for (const row of stored) expect(() => describeScanOutcome(row)).not.toThrow();
    else expect(stored).toHaveLength(0);
  });
});
