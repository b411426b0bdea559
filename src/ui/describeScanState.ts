// Short words for where a scan stands with the server, for the recent-scans strip.
import type { ScanRow } from '../engine/viewTypes.ts';
import { refusalWords } from './describeVerdict.ts';

/** `blocked`: this app's server does not allow the connection to Tonic (see sync/connectionBlock.ts): say so, not "tried 6×". */
export function describeScanState(row: ScanRow, blocked = false): string {
  switch (row.state) {
    case 'queued':
      if (blocked) return "Waiting to send: this app's server blocks the connection";
      return row.attempts > 0 ? `Waiting to send (tried ${row.attempts}×)` : 'Waiting to send';
    case 'sending':
      return 'Sending…';
    case 'confirmed':
      return 'Confirmed';
    case 'rejected':
      return `Server refused: ${row.serverVerdict ? refusalWords(row.serverVerdict) : 'no reason given'}`;
    case 'failed':
      return `Could not send: ${row.lastError ?? 'unknown error'}`;
    case 'sentUnconfirmed':
      return 'Sent in bulk: Tonic does not confirm each ticket';
    case 'local':
      return 'Kept on this device';
  }
}
