// What the top bar says about the connection: "Offline", "Blocked", "Can't reach the server" (the browser says online but
// the last send found no server: the venue's uplink is down behind working Wi-Fi) or "Online".
import { isUnreachable } from '../sync/backoff.ts';
import type { SyncStatusRow } from '../engine/viewTypes.ts';

export type ConnectionState = 'offline' | 'blocked' | 'unreachable' | 'online';

export interface ConnectionFacts {
  /** The browser's online signal. */
  online: boolean;
  /** This app's server blocks the connection to Tonic (see sync/connectionBlock.ts). */
  scansBlocked: boolean;
  /** The sync-status row's last failed send; cleared by the next success. */
  lastFailure: SyncStatusRow['lastFailure'];
}

export const CONNECTION_WORDS: Record<ConnectionState, string> = {
  offline: 'Offline',
  blocked: 'Blocked',
  unreachable: "Can't reach the server",
  online: 'Online',
};

export function connectionState({ online, scansBlocked, lastFailure }: ConnectionFacts): ConnectionState {
  if (!online) return 'offline';
  if (scansBlocked) return 'blocked';
  return lastFailure && isUnreachable(lastFailure.kind) ? 'unreachable' : 'online';
}

/** "last try just now", "last try 5 s ago", "last try 3 min ago", "last try 2 h ago". */
export function lastTryText(atMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - atMs) / 1_000));
  if (seconds < 1) return 'last try just now';
  if (seconds < 60) return `last try ${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120 ? `last try ${minutes} min ago` : `last try ${Math.floor(minutes / 60)} h ago`;
}
