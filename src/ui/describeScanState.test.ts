// Where a scan stands, in the strip's words: a waiting scan says why when this app's server blocks the connection.
import { describe, expect, it } from 'vitest';
import type { ScanRow } from '../engine/viewTypes.ts';
import { scanRowFixture } from '../testing/scanRowFixture.ts';
import { describeScanState } from './describeScanState.ts';

describe('describeScanState', () => {
  it('a waiting scan says the connection is blocked, instead of counting tries', () => {
    expect(describeScanState(scanRowFixture({ attempts: 6 }))).toBe('Waiting to send (tried 6×)');
    expect(describeScanState(scanRowFixture({ attempts: 6 }), true)).toBe("Waiting to send: this app's server blocks the connection");
    expect(describeScanState(scanRowFixture())).toBe('Waiting to send');
    // Only waiting scans wait on the connection: a settled one says how it ended.
    expect(describeScanState(scanRowFixture({ state: 'confirmed' }), true)).toBe('Confirmed');
  });

  it('a refused scan says what the server said, in the words of the verdict stored with its answer', () => {
    const refused = (serverVerdict: ScanRow['serverVerdict']) => describeScanState(scanRowFixture({ state: 'rejected', serverVerdict }));
    expect(refused({ kind: 'unknownTicket' })).toBe('Server refused: Unknown ticket');
    expect(refused({ kind: 'cancelled' })).toBe('Server refused: Cancelled ticket');
    expect(refused({ kind: 'alreadyIn', at: '2026-11-24 18:55:10', door: 'South gate' })).toBe('Server refused: Already in at 18:55, South gate');
    expect(refused({ kind: 'refusedByServer', message: 'Guest is banned' })).toBe('Server refused: Guest is banned');
    expect(refused(null)).toBe('Server refused: no reason given');
    // Tonic's strings are kept for staff and exports, not read here.
    const serverResult = { result: 'not_found', message: 'Ticket not found', checkedInAt: null, checkedInDevice: null, receivedAt: '2026-11-24T19:00:01.000Z' };
    expect(describeScanState(scanRowFixture({ state: 'rejected', serverResult, serverVerdict: { kind: 'cancelled' } }))).toBe('Server refused: Cancelled ticket');
  });
});
