// Top bar: online or offline, how many scans wait to be sent, and what to do when sync is paused.
import { toVenueClock } from '../checkin/venueTime.ts';
import type { SyncStatusRow } from '../db/tables.ts';
import type { BacklogView } from '../sync/backlogProgress.ts';
import { BacklogBar } from './BacklogBar.tsx';

export interface SyncStatusBarProps {
  deviceName: string;
  venueTimeZone: string;
  online: boolean;
  waiting: number;
  status: SyncStatusRow | null;
  /** A backlog being sent (shown while online only: offline, the waiting count says it all). */
  backlog: BacklogView | null;
  onResume: () => void;
  onMenu: () => void;
}

export function SyncStatusBar({ deviceName, venueTimeZone, online, waiting, status, backlog, onResume, onMenu }: SyncStatusBarProps) {
  const lastSent = status?.lastSuccessAt ? toVenueClock(new Date(status.lastSuccessAt), venueTimeZone) : null;
  return (
    <header className="status-bar">
      <span className="device-name" data-testid="device-name">{deviceName}</span>
      <span className={`pill ${online ? 'pill-ok' : 'pill-bad'}`} data-testid="network-state">
        {online ? 'Online' : 'Offline'}
      </span>
      <span className={`pill ${waiting > 0 ? 'pill-warn' : 'pill-ok'}`} data-testid="waiting-count" data-waiting={waiting}>
        {waiting > 0 ? `${waiting} waiting to send` : lastSent ? `All sent ${lastSent}` : 'All sent'}
      </span>
      <button type="button" className="nav-button" onClick={onMenu} aria-haspopup="true">
        Menu
      </button>
      {online && backlog && !status?.pause && <BacklogBar view={backlog} />}
      {status?.pause && (
        <div className="pause-banner" role="alert">
          Sending is paused: {status.pause.message}. Scans are kept on this device. Ask your organiser for a new setup link, then
          <button type="button" onClick={onResume}>
            Try again
          </button>
        </div>
      )}
    </header>
  );
}
