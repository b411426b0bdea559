// One row of a device check (pre-doors check, the setup screen's server probe): icon, status word, title, what to do.
import type { CheckRow, CheckStatus } from '../readiness/preDoorsCheck.ts';
import './predoors.css';

export const CHECK_ICONS: Record<CheckStatus | 'checking', string> = { ok: '✓', warn: '!', bad: '✕', unknown: '?', checking: '…' };
const STATUS_WORDS: Record<CheckStatus | 'checking', string> = { ok: 'OK', warn: 'Look', bad: 'Fix', unknown: 'Not checked', checking: 'Checking' };

export function CheckRowItem({ id, checking, row, onAction }: { id: string; checking: string; row: CheckRow | undefined; onAction?: () => void }) {
  const status = row?.status ?? 'checking';
  const action = row?.action;
  return (
    <li className={`check-row check-${status}`} data-testid="check-row" data-check={id} data-status={status}>
      <span className="check-icon" aria-hidden="true">
        {CHECK_ICONS[status]}
      </span>
      <div className="check-text">
        <span className="check-status">{STATUS_WORDS[status]}</span>
        <strong className="check-title">{row?.title ?? checking}</strong>
        <span className="check-detail">{row?.detail ?? 'Checking…'}</span>
        {action && onAction && (
          <button type="button" className="check-action" onClick={onAction}>
            {action.label}
          </button>
        )}
      </div>
    </li>
  );
}
