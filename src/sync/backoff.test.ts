import { describe, expect, it } from 'vitest';
import { BASE_BACKOFF_MS, MAX_BACKOFF_MS, NETWORK_MAX_BACKOFF_MS, backoffCapMs, isUnreachable, retryDelayMs } from './backoff.ts';

const top = () => 0.999_999; // the jitter's highest draw: the ceiling itself, to the millisecond
const bottom = () => 0;

describe('retryDelayMs', () => {
  it('doubles its ceiling with each failure, from one second', () => {
    expect(retryDelayMs(1, top)).toBe(BASE_BACKOFF_MS - 1);
    expect(retryDelayMs(2, top)).toBe(2 * BASE_BACKOFF_MS - 1);
    expect(retryDelayMs(4, top)).toBe(8 * BASE_BACKOFF_MS - 1);
    expect(retryDelayMs(3, bottom)).toBe(0); // full jitter: any wait from none to the ceiling
  });

  it('backs off to about 10 s at most after network errors and timeouts, however many there were', () => {
    for (const kind of ['network', 'timeout'] as const) {
      for (const attempts of [5, 10, 40, 1_000]) {
        const delay = retryDelayMs(attempts, top, null, kind);
        expect(delay).toBeLessThan(NETWORK_MAX_BACKOFF_MS);
        expect(delay).toBeGreaterThan(NETWORK_MAX_BACKOFF_MS - 10);
      }
      expect(retryDelayMs(2, top, null, kind)).toBe(2 * BASE_BACKOFF_MS - 1); // the early steps are the same
    }
  });

  it('keeps the long backoff for server errors, rate limits and answers it cannot read', () => {
    for (const kind of ['server', 'rateLimited', 'malformed', null] as const) {
      expect(retryDelayMs(40, top, null, kind)).toBe(MAX_BACKOFF_MS - 1);
      expect(retryDelayMs(6, top, null, kind)).toBeGreaterThan(NETWORK_MAX_BACKOFF_MS);
    }
  });

  it("never retries sooner than the server's Retry-After", () => {
    expect(retryDelayMs(1, bottom, 30_000, 'rateLimited')).toBe(30_000);
    expect(retryDelayMs(1, bottom, 30_000, 'server')).toBe(30_000);
    expect(retryDelayMs(12, top, 1_000, 'rateLimited')).toBe(MAX_BACKOFF_MS - 1);
  });
});

describe('backoffCapMs and isUnreachable', () => {
  it('tell a failure with no server from one a server gave', () => {
    expect(isUnreachable('network')).toBe(true);
    expect(isUnreachable('timeout')).toBe(true);
    expect(isUnreachable('server')).toBe(false);
    expect(isUnreachable('rateLimited')).toBe(false);
    expect(isUnreachable(null)).toBe(false);
    expect(backoffCapMs('timeout')).toBe(NETWORK_MAX_BACKOFF_MS);
    expect(backoffCapMs('server')).toBe(MAX_BACKOFF_MS);
  });
});
