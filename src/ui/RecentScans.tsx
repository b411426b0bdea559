// The strip of the last scans, newest first, each with its verdict and where it stands with the server.
import type { ScanRow } from '../db/tables.ts';
import { describeScanState } from './describeScanState.ts';
import { describeVerdict } from './describeVerdict.ts';

export function RecentScans({ scans }: { scans: ScanRow[] }) {
  if (scans.length === 0) return <p className="recent-empty">No scans yet. Hold a ticket's code up to the camera.</p>;
  return (
    <ol className="recent" aria-label="Recent scans" data-testid="recent-scans">
      {scans.map((row) => {
        const view = describeVerdict(row.verdict);
        return (
          <li key={row.id} className={`recent-item recent-${view.tone}`} data-testid="recent-scan" data-ticket={row.ticketId ?? ''} data-verdict={row.verdict.kind} data-state={row.state}>
            <span className="recent-time">{row.venueTime.slice(11)}</span>
            <span className="recent-title">
              <span aria-hidden="true">{view.icon}</span> {view.title}
            </span>
            <span className="recent-ticket">{row.ticketId ? `…${row.ticketId.slice(-8)}` : row.payload.slice(0, 24)}</span>
            <span className="recent-state">{describeScanState(row)}</span>
          </li>
        );
      })}
    </ol>
  );
}
