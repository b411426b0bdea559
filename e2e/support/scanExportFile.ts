// A Doorlist scans export (Activity → Export scans) as an offline device would write it: admitted scans, none sent.
import { monotonicFactory } from 'ulid';

export interface ExportedScanSpec {
  ticketId: string;
  deviceName: string;
  at: Date;
}

/** The venue time an exported scan carries (Europe/London, which is UTC in November): what Tonic gets as `time`. */
export const exportedVenueTime = (at: Date): string => at.toISOString().slice(0, 19).replace('T', ' ');

/** The file's text; `fromDevice` is the exporting device's name. */
export function offlineExportFile(fromDevice: string, scans: readonly ExportedScanSpec[]): string {
  const newId = monotonicFactory();
  const rows = scans.map(({ ticketId, deviceName, at }) => ({
    id: newId(at.getTime()),
    payload: ticketId,
    ticketId,
    direction: 'in',
    scannedAt: at.toISOString(),
    venueTime: exportedVenueTime(at),
    deviceName,
    source: 'doorlist',
    input: 'camera',
    verdict: { kind: 'admitted' },
    state: 'queued',
  }));
  return JSON.stringify({ format: 'doorlist-scans', version: 1, exportedAt: new Date().toISOString(), deviceName: fromDevice, scans: rows, tickets: [] });
}
