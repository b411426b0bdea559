// Requests the page's own security policy refused (CSP connect-src), and http:// addresses an https page can never call:
// kept in the sync status, so every screen sees one state, told apart from "offline". A blocked fetch rejects exactly like a dropped network; only
// the browser's `securitypolicyviolation` event says why, and it names the origin.
import { RequestBlockedError } from '../api/apiError.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { BlockedOrigin, SyncStatusRow } from '../db/tables.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { readSyncStatus, writeSyncStatus } from './syncStatus.ts';

/** The fields of a SecurityPolicyViolationEvent this reads. */
export interface ViolationLike {
  blockedURI: string;
  effectiveDirective?: string;
  violatedDirective?: string;
  /** 'report' for a Content-Security-Policy-Report-Only header: nothing was refused then. */
  disposition?: string;
}

/**
 * A fetch from this page that failed: when the page saw its origin refused by its security policy, the failure is that
 * block, not the network. The browser's report is queued alongside the failure, so one more task (`nextTask`) is
 * waited for before deciding.
 */
export async function explainFailedFetch(error: unknown, url: string, seen: ReadonlySet<string>, nextTask: () => Promise<void>): Promise<unknown> {
  const origin = absoluteOrigin(url);
  if (origin === null || !(error instanceof TypeError)) return error;
  if (!seen.has(origin)) await nextTask();
  return seen.has(origin) ? new RequestBlockedError(origin) : error;
}

/** The http(s) origin an enforced connect-src violation refused; null for any other directive, a report-only one, or an unreadable address. */
export function blockedOriginOf(violation: ViolationLike): string | null {
  const directive = violation.effectiveDirective || violation.violatedDirective || '';
  if (!directive.startsWith('connect-src')) return null;
  if (violation.disposition !== undefined && violation.disposition !== 'enforce') return null;
  return absoluteOrigin(violation.blockedURI);
}

/** The origin of an absolute http(s) URL; null for a relative one (the app's own origin, which is always allowed). */
export function absoluteOrigin(url: string): string | null {
  return resolveAgainst(url, undefined)?.origin ?? null;
}

/**
 * fetch for the page or the service worker: a failure whose origin this context saw its own policy refuse becomes a
 * RequestBlockedError (a block spends no attempt, syncPass.ts); `onReply` hears the address of every answered request.
 */
export function blockAwareFetch(
  seen: ReadonlySet<string>,
  onReply: ((url: string) => void) | undefined,
  base: (input: string, init: RequestInit) => Promise<Response>,
): (input: string, init: RequestInit) => Promise<Response> {
  const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return async (input, init) => {
    let response: Response;
    try {
      response = await base(input, init);
    } catch (error) {
      throw await explainFailedFetch(error, input, seen, nextTask);
    }
    onReply?.(input);
    return response;
  };
}

/**
 * Whose policy refused: the page's (its document's CSP, renewed with every page) or the service worker's (the CSP of the
 * sw.js it was installed from, renewed only with a new build). Each is kept apart, so a stale worker policy never holds
 * back the page, whose own requests would get through.
 */
export type BlockSource = 'page' | 'worker';

const fieldOf = (source: BlockSource) => (source === 'page' ? 'blockedOrigins' : 'workerBlockedOrigins');

/** Adds the origin once (the first time it was seen is kept). */
export async function recordBlockedOrigin(db: DoorlistDatabase, origin: string, now: Date, source: BlockSource = 'page'): Promise<void> {
  const field = fieldOf(source);
  await db.transaction('rw', db.syncStatus, async () => {
    const known = (await readSyncStatus(db))[field] ?? [];
    if (known.some((entry) => entry.origin === origin)) return;
    await writeSyncStatus(db, { [field]: [...known, { origin, since: now.toISOString() }] });
  });
}

/**
 * Forgets the page's blocks for the given origins, or all of them: a new page (a new policy), a reply that got through.
 * Forgetting all also forgets that a newer policy was waiting: a new page runs under the newest one. Returns whether any
 * block was forgotten. The worker's blocks stay (see clearWorkerBlocks).
 */
export async function clearBlockedOrigins(db: DoorlistDatabase, origins?: readonly string[]): Promise<boolean> {
  return db.transaction('rw', db.syncStatus, async () => {
    const status = await readSyncStatus(db);
    const known = status.blockedOrigins ?? [];
    const left = origins === undefined ? [] : known.filter((entry) => !origins.includes(entry.origin));
    const newerPolicy = origins === undefined ? false : (status.newerPolicy ?? false);
    if (left.length !== known.length || newerPolicy !== (status.newerPolicy ?? false)) await writeSyncStatus(db, { blockedOrigins: left, newerPolicy });
    return left.length !== known.length;
  });
}

/** Forgets the worker's blocks: a new worker (a new build, so a new sw.js policy) tries afresh. */
export async function clearWorkerBlocks(db: DoorlistDatabase): Promise<void> {
  await writeSyncStatus(db, { workerBlockedOrigins: [] });
}

export interface ConnectionBlock {
  /**
   * 'policy': the app's server's security policy (CSP connect-src) refused the origin, seen in a violation report.
   * 'insecure': the app is served over https and the address is http:// (not this device): every browser refuses that
   * before anything is sent (mixed content), with no report, so it is decided from the setup alone.
   */
  kind: 'policy' | 'insecure';
  origin: string;
  service: 'Tonic' | 'RunSignup' | 'Guest list';
  /** When the block was first seen (ISO); null for an insecure address, which is blocked from the start. */
  since: string | null;
  /** The server's policy changed since this page opened (see shellPolicy.ts): reopening the app may lift the block. */
  reopen: boolean;
}

/** The page's own address, which relative and protocol-relative base URLs resolve against (also in the service worker). */
const pageUrl = (): string | undefined => (globalThis as { location?: { href?: string } }).location?.href;

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: browsers let an https page call these over http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/** The resolved http(s) URL of a base URL on a page at `page`; null when it cannot be read. */
function resolveAgainst(url: string, page: string | undefined): URL | null {
  try {
    const resolved = page === undefined ? new URL(url) : new URL(url, page);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved : null;
  } catch {
    return null;
  }
}

/** The origin of an http:// base URL a page at `page` (https) can never call; null when it can. */
export function insecureOrigin(url: string, page: string | undefined = pageUrl()): string | null {
  const resolved = resolveAgainst(url, page);
  if (page === undefined || resolved === null || !page.startsWith('https:')) return null;
  return resolved.protocol === 'http:' && !isLoopbackHost(resolved.hostname) ? resolved.origin : null;
}

/**
 * The block that matters to this setup: Tonic's first (scans wait on it), then RunSignup's, then the guest list's (a
 * direct setup's DesignMyNight address); older setups' are ignored.
 * `source` picks whose blocks count: the page's screens and passes read the page's, the worker's pass the worker's.
 */
export function blockForSetup(
  status: Pick<SyncStatusRow, 'blockedOrigins' | 'workerBlockedOrigins' | 'newerPolicy'> | null | undefined,
  config: SetupConfig,
  page: string | undefined = pageUrl(),
  source: BlockSource = 'page',
): ConnectionBlock | null {
  const blocked = status?.[fieldOf(source)] ?? [];
  const find = (url: string | undefined, service: ConnectionBlock['service']): ConnectionBlock | null => {
    if (url === undefined) return null;
    const insecure = insecureOrigin(url, page);
    if (insecure !== null) return { kind: 'insecure', origin: insecure, service, since: null, reopen: false };
    const origin = resolveAgainst(url, page)?.origin ?? null;
    const entry = origin === null ? undefined : blocked.find((candidate: BlockedOrigin) => candidate.origin === origin);
    return entry ? { kind: 'policy', origin: entry.origin, service, since: entry.since, reopen: status?.newerPolicy === true } : null;
  };
  return find(config.tonic.baseUrl, 'Tonic') ?? find(config.runsignup?.baseUrl, 'RunSignup') ?? find(config.guestList?.baseUrl, 'Guest list');
}

/** What staff read, on every screen that shows the block. */
export function blockedMessage(block: Pick<ConnectionBlock, 'kind' | 'origin'>): string {
  return block.kind === 'insecure'
    ? `This app is served over https and cannot send to the http:// address ${block.origin}. Ask the organiser for a gateway setup link or an https address.`
    : `This app's server does not allow connections to ${block.origin}. Ask the organiser for a gateway setup link.`;
}

/**
 * Records every connect-src violation fired at `target` (the page's document, or the service worker's global scope).
 * Returns the origins seen here, so a reply that gets through later can clear its own block, and the unsubscribe.
 */
export function listenForBlockedRequests(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
  db: DoorlistDatabase | (() => DoorlistDatabase),
  now: () => Date,
  log: (message: string, context?: unknown) => void,
  onBlocked: (origin: string) => void = () => undefined,
  source: BlockSource = 'page',
): { seen: Set<string>; stop: () => void } {
  const seen = new Set<string>();
  const onViolation = (event: Event) => {
    const origin = blockedOriginOf(event as unknown as ViolationLike);
    if (origin === null) return;
    const first = !seen.has(origin);
    seen.add(origin);
    recordBlockedOrigin(typeof db === 'function' ? db() : db, origin, now(), source).catch((error: unknown) => log('security policy: could not record a blocked origin', error));
    if (first) onBlocked(origin);
  };
  target.addEventListener('securitypolicyviolation', onViolation);
  return { seen, stop: () => target.removeEventListener('securitypolicyviolation', onViolation) };
}
