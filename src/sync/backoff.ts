// Retry delays: exponential backoff with full jitter, never sooner than the server's Retry-After. A request that never
// reached a server (network error, timeout) has no server to protect: it backs off to NETWORK_MAX_BACKOFF_MS at most, so
// queued scans leave soon after the network returns even when the browser never said it was gone.
import type { ApiErrorKind } from '../api/apiError.ts';

export const BASE_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 5 * 60_000;
export const NETWORK_MAX_BACKOFF_MS = 10_000;

/** Failures where no server answered: no connection, DNS, dropped socket, no answer in time. */
export const isUnreachable = (kind: ApiErrorKind | string | null | undefined): boolean => kind === 'network' || kind === 'timeout';

/** The longest wait after a failure of this kind: short when no server answered, long for 5xx, 429 and the rest. */
export const backoffCapMs = (kind: ApiErrorKind | null): number => (isUnreachable(kind) ? NETWORK_MAX_BACKOFF_MS : MAX_BACKOFF_MS);

/** `attempts` is how many sends have failed so far (1 after the first failure); `kind` the last failure's (null: the long cap). */
export function retryDelayMs(attempts: number, random: () => number, retryAfterMs: number | null = null, kind: ApiErrorKind | null = null): number {
  const ceiling = Math.min(backoffCapMs(kind), BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
}
