// The words for a request the app's own server does not allow (CSP connect-src): which origin, and what to do.
import { blockedMessage, type ConnectionBlock } from '../sync/connectionBlock.ts';

const HEADLINES: Record<ConnectionBlock['service'], string> = {
  Tonic: 'Scans cannot be sent.',
  RunSignup: 'RunSignup counts cannot be fetched.',
  'Guest list': 'The guest list cannot be downloaded.',
};

export function BlockedNotice({ block, className = 'notice notice-bad', onReopen }: { block: ConnectionBlock; className?: string; onReopen: () => void }) {
  return (
    <div className={className} role="alert" data-testid="connection-blocked" data-origin={block.origin} data-kind={block.kind}>
      <span>
        <span aria-hidden="true">✕ </span>
        <strong>{HEADLINES[block.service]}</strong> {blockedMessage(block)}
        {block.service === 'Tonic' ? ' Scans are kept on this device until then.' : block.service === 'Guest list' ? ' Check-ins are not affected: the door uses the list it has.' : ' Check-ins are not affected.'}
      </span>
      {block.reopen && (
        <span className="blocked-reopen" data-testid="connection-blocked-reopen">
          <span>The app&apos;s server has changed what it allows since this page opened.</span>
          <button type="button" onClick={onReopen}>
            Reopen the app
          </button>
        </span>
      )}
    </div>
  );
}
