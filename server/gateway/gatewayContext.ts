// What every gateway route shares: configuration, store, live feed, rate limits, the upstream fetch, the log and the clock.
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { CheckInFeed } from './checkInFeed.ts';
import type { GatewayConfig } from './config.ts';
import type { GatewayLog } from './gatewayLog.ts';
import type { GuestListService } from './guestList/guestListService.ts';
import type { TokenBuckets } from './rateLimit.ts';
import { recordedPath, type ClientAddressOf, type RefusalGuard } from './refusals.ts';
import type { AuditInput, DeviceRow, GatewayStore } from './store.ts';
import type { UpstreamFetch } from './upstream.ts';

export type GatewayEnv = {
  Bindings: HttpBindings;
  Variables: { device: DeviceRow };
};

export type GatewayContext = Context<GatewayEnv>;

export interface GatewayDeps {
  config: GatewayConfig;
  store: GatewayStore;
  feed: CheckInFeed;
  /** One bucket set per API family, so RunSignup counts never eat a door's check-in allowance. */
  buckets: { tonic: TokenBuckets; runsignup: TokenBuckets; events: TokenBuckets; guestlist: TokenBuckets };
  /** The guest list: its refresh schedule, the head of every /api/guestlist reply, what check-ins teach it. */
  guestList: GuestListService;
  fetchUpstream: UpstreamFetch;
  log: GatewayLog;
  clock: () => Date;
  /** The events stream's timers; tests shorten them. */
  streamTimings: StreamTimings;
  /** Per-address budget of refusals answered in full, and the count of those that are not audited. */
  refusals: RefusalGuard;
  clientAddress: ClientAddressOf;
}

export interface StreamTimings {
  heartbeatMs: number;
  /** A revocation by `device:revoke` (another process) is noticed this fast; one in-process ends the stream at once. */
  revocationCheckMs: number;
}

/** The refusal bodies the app reads: `code` is what it switches on, `error` is what it may show staff. */
export const DEVICE_UNKNOWN = {
  error: 'This device is not enrolled on this gateway (unknown device token). Ask the organiser for a new setup link.',
  code: 'device_unknown',
} as const;

export const DEVICE_REVOKED = {
  error:
    'This device was withdrawn by the organiser and can no longer send. Its scans are kept on the device: export them in Activity, or hand the device to the organiser.',
  code: 'device_revoked',
} as const;

/** Writes one audit row for a mutation; an audit failure is logged loudly but does not turn the reply into an error. */
export async function audit(deps: GatewayDeps, entry: Omit<AuditInput, 'at'>): Promise<void> {
  try {
    await deps.store.appendAudit({ at: deps.clock().toISOString(), ...entry, path: recordedPath(entry.path) });
  } catch (error) {
    deps.log.error(`audit write failed for ${entry.operation} ${recordedPath(entry.path)}`, error);
  }
}

export const isMutation = (method: string): boolean => method === 'POST' || method === 'PATCH' || method === 'PUT' || method === 'DELETE';

/** The operation name of a mutation path, for the audit log. */
export function operationOf(method: string, path: string): string {
  if (path.endsWith('/checkin/tickets')) return 'tonic.checkin';
  if (path.endsWith('/checkout/tickets')) return 'tonic.checkout';
  if (path.includes('/purchases/')) return 'tonic.purchase_update';
  return `${method.toLowerCase()} ${path.startsWith('/api/runsignup') ? 'runsignup' : 'tonic'}`;
}

export function jsonReply(body: unknown, status: number, retryAfter: string | null = null): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (retryAfter !== null) headers['Retry-After'] = retryAfter;
  return new Response(JSON.stringify(body), { status, headers });
}
