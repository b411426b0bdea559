// Where a scan stands, in the strip's words: a waiting scan says why when this app's server blocks the connection.
import { describe, expect, it } from 'vitest';
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
});
