// Retry delays: exponential backoff with full jitter, never sooner than the server's Retry-After.

export const BASE_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 5 * 60_000;

/** `attempts` is how many sends have failed so far (1 after the first failure). */
export function retryDelayMs(attempts: number, random: () => number, retryAfterMs: number | null = null): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
}
