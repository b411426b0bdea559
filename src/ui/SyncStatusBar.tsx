// Top bar: the door and its occurrence, "Offline · 23 waiting" / "Online · All sent 19:04", and what to do when sync is paused.
import { toVenueClock } from '../api/venueTime.ts';
import type { SyncStatusRow } from '../engine/viewTypes.ts';
import type { BacklogView } from '../reports/backlogProgress.ts';
import { BacklogBar } from './BacklogBar.tsx';
import { BlockedNotice } from './BlockedNotice.tsx';
import type { ConnectionBlock } from '../sync/connectionBlock.ts';
import type { GuestListBar } from '../guestlist/guestListStatus.ts';
import { CONNECTION_WORDS, connectionState, lastTryText, type ConnectionState } from './describeConnection.ts';
import { useEffect, useState } from 'react';

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
  /** The occurrence this door checks in ("Tue 24 Nov 19:00"), chosen on the Event screen; null: none chosen. */
  occurrence?: string | null;
  /** This app's server does not allow the connection to Tonic or RunSignup (CSP): not offline, and not silent. */
  blocked?: ConnectionBlock | null;
  /** Opens the app again (a new page, under the server's current security policy). */
  onReopen?: () => void;
  /** "Guest list: 12,418 tickets, 3 min old" (the door's occurrence's tickets); null: not read yet. */
  guestList?: GuestListBar | null;
  /** The time (epoch ms), read each second while "last try 5 s ago" is shown. */
  clock?: () => number;
}

const LIST_ICONS: Record<GuestListBar['tone'], string> = { ok: '✓', warn: '!', bad: '✕' };

type SyncTone = { tone: 'ok' | 'warn' | 'bad'; icon: string };

/** Offline or no server is the state to notice (scans wait for the network); waiting while online is in hand; all sent is good. */
const syncTone = (connection: ConnectionState, waiting: number): SyncTone =>
  connection !== 'online' ? { tone: 'bad', icon: '✕' } : waiting > 0 ? { tone: 'warn', icon: '↑' } : { tone: 'ok', icon: '✓' };

const SECOND_MS = 1_000;

/** "last try 5 s ago", kept true each second; only this line re-renders, not the screen around it. */
function LastTry({ at, clock }: { at: number; clock: () => number }) {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    setNow(clock());
    const timer = window.setInterval(() => setNow(clock()), SECOND_MS);
    return () => window.clearInterval(timer);
  }, [at, clock]);
  return <span data-testid="last-try">{lastTryText(at, now)}</span>;
}

export function SyncStatusBar({ deviceName, venueTimeZone, online, waiting, status, backlog, onResume, onMenu, occurrence = null, blocked = null, onReopen = () => undefined, guestList = null, clock = Date.now }: SyncStatusBarProps) {
  const lastSent = status?.lastSuccessAt ? toVenueClock(new Date(status.lastSuccessAt), venueTimeZone) : null;
  const scansBlocked = online && blocked?.service === 'Tonic';
  const connection = connectionState({ online, scansBlocked, lastFailure: status?.lastFailure });
  const { tone, icon } = syncTone(connection, waiting);
  return (
    <header className="status-bar">
      <span className="door-identity">
        <span className="device-name" data-testid="device-name">{deviceName}</span>
        {occurrence && (
          <span className="door-occurrence" data-testid="door-occurrence">
            {occurrence}
          </span>
        )}
        {guestList && (
          <span className={`door-list door-list-${guestList.tone}`} data-testid="guest-list-state" data-tone={guestList.tone}>
            <span aria-hidden="true">{LIST_ICONS[guestList.tone]} </span>
            {guestList.text}
          </span>
        )}
      </span>
      <span className={`pill sync-state pill-${tone}`} data-testid="sync-state" data-tone={tone}>
        <span className="sync-icon" aria-hidden="true">
          {icon}
        </span>
        <span data-testid="network-state" data-connection={connection}>
          {CONNECTION_WORDS[connection]}
        </span>
        <span aria-hidden="true"> · </span>
        <span data-testid="waiting-count" data-waiting={waiting}>
          {waiting > 0 ? `${waiting.toLocaleString('en-GB')} waiting` : lastSent ? `All sent ${lastSent}` : 'Nothing to send'}
        </span>
        {connection === 'unreachable' && status?.lastFailure && (
          <>
            <span aria-hidden="true"> · </span>
            <LastTry at={status.lastFailure.at} clock={clock} />
          </>
        )}
      </span>
      <button type="button" className="nav-button" onClick={onMenu} aria-haspopup="true">
        Menu
      </button>
      {online && backlog && !status?.pause && !scansBlocked && <BacklogBar view={backlog} />}
      {online && blocked && <BlockedNotice block={blocked} className="pause-banner" onReopen={onReopen} />}
      {status?.pause?.kind === 'revoked' && (
        <div className="pause-banner" role="alert" data-testid="device-revoked">
          {status.pause.message}
        </div>
      )}
      {status?.pause && status.pause.kind !== 'revoked' && (
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
