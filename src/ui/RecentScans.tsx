// The strip of the last scans, newest first, each with its verdict and where it stands with the server.
import type { ScanRow } from '../engine/viewTypes.ts';
import { describeScanState } from './describeScanState.ts';
import { describeScanOutcome } from './describeVerdict.ts';

/** Tonic ids share their middle (the ticket type): the purchase part and the index tell tickets apart. */
const shortTicketId = (id: string) => (id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id);

export function RecentScans({ scans, blocked = false }: { scans: ScanRow[]; blocked?: boolean }) {
  if (scans.length === 0) return <p className="recent-empty">No scans yet: scan a ticket or type its reference.</p>;
  return (
    <ol className="recent" aria-label="Recent scans" data-testid="recent-scans">
      {scans.map((row) => {
        const view = describeScanOutcome(row);
        return (
          <li key={row.id} className={`recent-item recent-${view.tone}`} data-testid="recent-scan" data-ticket={row.ticketId ?? ''} data-verdict={row.verdict.kind} data-state={row.state} data-input={row.input}>
            <span className="recent-time">{row.venueTime.slice(11)}</span>
            <span className="recent-title">
              <span aria-hidden="true">{view.icon}</span> {view.title}
            </span>
            <span className="recent-ticket">{row.ticketId ? shortTicketId(row.ticketId) : row.payload.slice(0, 24)}</span>
            <span className="recent-state">{describeScanState(row, blocked)}</span>
          </li>
        );
      })}
    </ol>
  );
}
