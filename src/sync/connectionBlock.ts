// Requests the page's own security policy refused (CSP connect-src): kept in the sync status, so every screen and the
// service worker see one state, told apart from "offline". A blocked fetch rejects exactly like a dropped network; only
// the browser's `securitypolicyviolation` event says why, and it names the origin.
import type { DoorlistDatabase } from '../db/database.ts';
import type { BlockedOrigin, SyncStatusRow } from '../db/tables.ts';
import type { SetupConfig } from '../settings/setupLink.ts';
import { readSyncStatus, writeSyncStatus } from './syncStatus.ts';

/** The fields of a SecurityPolicyViolationEvent this reads. */
export interface ViolationLike {
  blockedURI: string;
  effectiveDirective?: string;
  violatedDirective?: string;
}

/** The http(s) origin a connect-src violation refused; null for any other directive or an unreadable address. */
export function blockedOriginOf(violation: ViolationLike): string | null {
  const directive = violation.effectiveDirective || violation.violatedDirective || '';
  if (!directive.startsWith('connect-src')) return null;
  return absoluteOrigin(violation.blockedURI);
}

/** The origin of an absolute http(s) URL; null for a relative one (the app's own origin, which is always allowed). */
export function absoluteOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Adds the origin once (the first time it was seen is kept). */
export async function recordBlockedOrigin(db: DoorlistDatabase, origin: string, now: Date): Promise<void> {
  await db.transaction('rw', db.syncStatus, async () => {
    const known = (await readSyncStatus(db)).blockedOrigins ?? [];
    if (known.some((entry) => entry.origin === origin)) return;
    await writeSyncStatus(db, { blockedOrigins: [...known, { origin, since: now.toISOString() }] });
  });
}

/**
 * Forgets the given origins, or all of them: a new setup, a new page (a new policy), a reply that got through. Forgetting
 * all also forgets that a newer policy was waiting: a new page runs under the newest one.
 */
export async function clearBlockedOrigins(db: DoorlistDatabase, origins?: readonly string[]): Promise<void> {
  await db.transaction('rw', db.syncStatus, async () => {
    const status = await readSyncStatus(db);
    const known = status.blockedOrigins ?? [];
    const left = origins === undefined ? [] : known.filter((entry) => !origins.includes(entry.origin));
    const newerPolicy = origins === undefined ? false : (status.newerPolicy ?? false);
    if (left.length !== known.length || newerPolicy !== (status.newerPolicy ?? false)) await writeSyncStatus(db, { blockedOrigins: left, newerPolicy });
  });
}

export interface ConnectionBlock {
  origin: string;
  service: 'Tonic' | 'RunSignup';
  since: string;
  /** The server's policy changed since this page opened (see shellPolicy.ts): reopening the app may lift the block. */
  reopen: boolean;
}

/** The block that matters to this setup: Tonic's first (scans wait on it), then RunSignup's; older setups' are ignored. */
export function blockForSetup(status: Pick<SyncStatusRow, 'blockedOrigins' | 'newerPolicy'> | null | undefined, config: SetupConfig): ConnectionBlock | null {
  const blocked = status?.blockedOrigins ?? [];
  const find = (url: string | undefined, service: ConnectionBlock['service']): ConnectionBlock | null => {
    const origin = url === undefined ? null : absoluteOrigin(url);
    const entry = origin === null ? undefined : blocked.find((candidate: BlockedOrigin) => candidate.origin === origin);
    return entry ? { origin: entry.origin, service, since: entry.since, reopen: status?.newerPolicy === true } : null;
  };
  return find(config.tonic.baseUrl, 'Tonic') ?? find(config.runsignup?.baseUrl, 'RunSignup');
}

/** What staff read, on every screen that shows the block. */
export const blockedMessage = (origin: string): string =>
  `This app's server does not allow connections to ${origin}. Ask the organiser for a gateway setup link.`;

/**
 * Records every connect-src violation fired at `target` (the page's document, or the service worker's global scope).
 * Returns the origins seen here, so a reply that gets through later can clear its own block, and the unsubscribe.
 */
export function listenForBlockedRequests(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
  db: DoorlistDatabase,
  now: () => Date,
  log: (message: string, context?: unknown) => void,
  onBlocked: (origin: string) => void = () => undefined,
): { seen: Set<string>; stop: () => void } {
  const seen = new Set<string>();
  const onViolation = (event: Event) => {
    const origin = blockedOriginOf(event as unknown as ViolationLike);
    if (origin === null) return;
    const first = !seen.has(origin);
    seen.add(origin);
    recordBlockedOrigin(db, origin, now()).catch((error: unknown) => log('security policy: could not record a blocked origin', error));
    if (first) onBlocked(origin);
  };
  target.addEventListener('securitypolicyviolation', onViolation);
  return { seen, stop: () => target.removeEventListener('securitypolicyviolation', onViolation) };
}
