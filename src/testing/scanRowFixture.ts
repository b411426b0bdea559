// A stored scan row for tests that need one as it is in the database, without recording a scan: a queued admission.
import type { ScanRow } from '../db/tables.ts';

export const scanRowFixture = (change: Partial<ScanRow> = {}): ScanRow => ({
  id: '01',
  payload: '2148',
  ticketId: '2148',
  direction: 'in',
  scannedAt: '2026-11-24T19:00:00.000Z',
  venueTime: '2026-11-24 19:00:00',
  deviceName: 'North gate 1',
  source: 'doorlist',
  input: 'camera',
  verdict: { kind: 'admitted' },
  state: 'queued',
  attempts: 0,
  nextAttemptAt: 0,
  serverResult: null,
  lastError: null,
  ...change,
});
