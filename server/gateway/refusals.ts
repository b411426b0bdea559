// Refused requests: where they come from, how many each address may have answered in full, and the noise counted
// instead of written row by row (no audit row, one log summary a minute).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { escapeControl } from './gatewayLog.ts';
import { TokenBuckets } from './rateLimit.ts';

/**
 * Path and query together, as the request line carries them. The app's longest URL is a RunSignup count of 100
 * ticket ids of 15 digits (1,932 characters through the gateway, commas sent as %2C); 4,096 leaves room and is far below what makes any pass over the text costly.
 */
export const MAX_URL_CHARS = 4_096;

/** What a path is cut to in an audit row or a log line. */
export const MAX_RECORDED_PATH_CHARS = 200;

/** Refusals answered in full (logged, audited when a device is known) per client address: 1 a second, bursts of 20. */
export const REFUSALS_PER_SECOND = 1;
export const REFUSAL_BURST = 20;

/** Refusals written to the log line by line, across all addresses: 10 a second, bursts of 50; the rest are counted. */
export const LOGGED_REFUSALS_PER_SECOND = 10;
export const LOGGED_REFUSAL_BURST = 50;

/** Audit rows for a revoked device (most likely a lost or stolen phone): 1 a minute per device; the rest are counted. */
export const REVOKED_AUDIT_ROWS_PER_MINUTE = 1;

/** At most this many addresses are tallied per summary; the rest are counted together. */
const TALLIED_ADDRESSES = 1_000;

/** The client address of a request: a string to key limits by, never trusted for anything else. */
export type ClientAddressOf = (c: Context) => string;

/**
 * The address of the TCP peer (@hono/node-server's `getConnInfo`). Behind a reverse proxy that is the proxy's address;
 * `X-Forwarded-For` is not read, since anyone can send it. `app.fetch` without a Node request (tests) has no peer.
 */
export const socketAddress: ClientAddressOf = (c) => {
  const env = c.env as { incoming?: unknown } | undefined;
  if (!env?.incoming) return 'unknown';
  return getConnInfo(c).remote.address ?? 'unknown';
};

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) → `192.0.2.1`, so one address has one spelling. */
const plainAddress = (address: string): string => (address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);

/**
 * The client address behind the reverse proxies named in `trustedProxies` (the gateway's config): when the TCP peer is
 * one of them, the last `X-Forwarded-For` entry (the address that proxy saw); from anyone else the header is ignored.
 * With no trusted proxy, the TCP peer.
 */
export function clientAddressFor(trustedProxies: readonly string[]): ClientAddressOf {
  if (trustedProxies.length === 0) return socketAddress;
  const trusted = new Set(trustedProxies.map(plainAddress));
  return (c) => {
    const peer = plainAddress(socketAddress(c));
    if (!trusted.has(peer)) return peer;
    const forwarded = c.req.header('x-forwarded-for') ?? '';
    const last = plainAddress(forwarded.slice(forwarded.lastIndexOf(',') + 1).trim());
    return /^[0-9A-Fa-f:.]{2,45}$/.test(last) ? last : peer;
  };
}

/**
 * The key an address's refusals are budgeted and tallied by: an IPv4 address as it is, an IPv6 address by its /64
 * (one network hands a single client a whole /64, so a budget per address would be no budget at all).
 */
export function refusalKey(address: string): string {
  const plain = plainAddress(address);
  if (!plain.includes(':') || plain.includes('.')) return plain;
  const [head = '', tail] = plain.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  if (groups.length !== 8 || !groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return plain;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Length of the path and query of a full request URL (`http://host/path?q` → `/path?q`). */
export function requestTargetLength(url: string): number {
  const scheme = url.indexOf('//');
  const slash = url.indexOf('/', scheme === -1 ? 0 : scheme + 2);
  return slash === -1 ? 0 : url.length - slash;
}

export const isUrlTooLong = (url: string): boolean => requestTargetLength(url) > MAX_URL_CHARS;

export const URL_TOO_LONG = {
  error: `The address is longer than ${MAX_URL_CHARS} characters; the gateway refuses it without reading further`,
  code: 'url_too_long',
} as const;

export const TOO_MANY_REFUSALS = {
  error: 'This device is not set up for this gateway, and it asked too often. Wait a minute, then open the setup link from the organiser again.',
  code: 'too_many_refusals',
} as const;

/**
 * A path as it may be written to a log line or an audit row: control characters escaped, at most
 * MAX_RECORDED_PATH_CHARS of it, saying how long it was.
 */
export function recordedPath(path: string): string {
  const kept = escapeControl(path.slice(0, MAX_RECORDED_PATH_CHARS));
  return path.length <= MAX_RECORDED_PATH_CHARS ? kept : `${kept}… (${path.length} characters)`;
}

export class RefusalGuard {
  private readonly budgets: TokenBuckets;
  private readonly reasons = new Map<string, number>();
  private readonly addresses = new Map<string, number>();
  private total = 0;
  private since: Date;

  private readonly logLines: TokenBuckets;
  private readonly revokedAudits: TokenBuckets;

  /**
   * `clock` dates the summaries; the budgets run on `monotonicMs` (default `performance.now`), so a wall clock
   * stepped backwards or forwards neither drains nor refills them.
   */
  constructor(
    private readonly clock: () => Date,
    options: { perSecond?: number; burst?: number; monotonicMs?: () => number } = {},
  ) {
    const monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.budgets = new TokenBuckets(options.perSecond ?? REFUSALS_PER_SECOND, options.burst ?? REFUSAL_BURST, monotonicMs, 10_000);
    this.logLines = new TokenBuckets(LOGGED_REFUSALS_PER_SECOND, LOGGED_REFUSAL_BURST, monotonicMs, 1);
    this.revokedAudits = new TokenBuckets(REVOKED_AUDIT_ROWS_PER_MINUTE / 60, 1, monotonicMs, 10_000);
    this.since = clock();
  }

  /** True while this address (an IPv6 one by its /64) may have its refusals answered in full; after that they are only counted. */
  admit(address: string): { allowed: boolean; retryAfterSeconds: number } {
    return this.budgets.take(refusalKey(address));
  }

  /** True while the gateway may still write a refusal to the log line by line (a budget across all addresses). */
  mayLog(): boolean {
    return this.logLines.take('all').allowed;
  }

  /** True while this revoked device may still have a refusal written to the audit log (1 a minute). */
  mayAuditRevoked(deviceId: number): boolean {
    return this.revokedAudits.take(String(deviceId)).allowed;
  }

  /** Counts one refusal that was neither audited nor, past the address's budget, logged. */
  count(reason: string, rawAddress: string): void {
    const address = refusalKey(rawAddress);
    this.total += 1;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    const key = this.addresses.has(address) || this.addresses.size < TALLIED_ADDRESSES ? address : 'other addresses';
    this.addresses.set(key, (this.addresses.get(key) ?? 0) + 1);
  }

  /** The counts since the last summary, and the window they cover. */
  counts(): { total: number; since: Date; reasons: Record<string, number>; addresses: Record<string, number> } {
    return { total: this.total, since: this.since, reasons: Object.fromEntries(this.reasons), addresses: Object.fromEntries(this.addresses) };
  }

  /** One line for the log (null when nothing was refused), and a fresh window. */
  summary(): string | null {
    const { total, since, reasons, addresses } = this.counts();
    this.total = 0;
    this.reasons.clear();
    this.addresses.clear();
    this.since = this.clock();
    if (total === 0) return null;
    const byReason = Object.entries(reasons)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ');
    const ranked = Object.entries(addresses).sort(([, a], [, b]) => b - a);
    const top = ranked
      .slice(0, 3)
      .map(([address, count]) => `${address} ${count}`)
      .join(', ');
    return `refused without an audit row since ${since.toISOString()}: ${total} request(s) (${byReason}) from ${ranked.length} address(es); most from ${top}`;
  }

  clear(): void {
    this.budgets.clear();
    this.logLines.clear();
    this.revokedAudits.clear();
    this.summary();
  }
}
