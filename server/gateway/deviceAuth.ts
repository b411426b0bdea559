// Every /api call must carry a live device token (header only); then the device's rate limit for that API family.
// Refusals are answered in full (logged; audited when the device is known) within a per-address budget; requests
// without a live device are never audited, only counted (RefusalGuard), and past the budget they get a short 429.
import type { MiddlewareHandler } from 'hono';
import { audit, DEVICE_REVOKED, DEVICE_UNKNOWN, isMutation, jsonReply, operationOf, type GatewayDeps, type GatewayEnv } from './gatewayContext.ts';
import { deviceTokenFrom, hashDeviceToken, sameTokenHash } from './deviceTokens.ts';
import { isUrlTooLong, recordedPath, TOO_MANY_REFUSALS, URL_TOO_LONG } from './refusals.ts';

/** `last_seen_at` is for `device:list`, not an access log: one write a minute per device is plenty. */
const LAST_SEEN_WRITE_MS = 60_000;

export type ApiFamily = 'tonic' | 'runsignup' | 'events' | 'guestlist';

export function familyOf(path: string): ApiFamily {
  if (path.startsWith('/api/runsignup')) return 'runsignup';
  if (path.startsWith('/api/guestlist')) return 'guestlist';
  if (path.startsWith('/api/events')) return 'events';
  return 'tonic';
}

export function requireDevice(deps: GatewayDeps): MiddlewareHandler<GatewayEnv> {
  const lastSeenWritten = new Map<number, number>();
  return async (c, next) => {
    const refuse = async (status: 401 | 403 | 414 | 429, body: object, deviceId: number | null, detail: string, retryAfter: string | null = null) => {
      const address = deps.clientAddress(c); // only a refusal needs it: not worked out for every accepted request
      const budget = deps.refusals.admit(address);
      const path = recordedPath(c.req.path);
      if (deviceId === null) {
        // Noise from nobody we know: counted, never a row in the audit log; past the address's budget, a short 429.
        deps.refusals.count(budget.allowed ? detail : `${detail}, over the address's refusal budget`, address);
        if (!budget.allowed) return jsonReply(TOO_MANY_REFUSALS, 429, String(budget.retryAfterSeconds));
        // Many addresses at once (a botnet) still write at most LOGGED_REFUSALS_PER_SECOND lines: the rest are counted.
        if (deps.refusals.mayLog()) deps.log.warn(`${c.req.method} ${path} refused (${status}): ${detail} (from ${address})`);
        return jsonReply(body, status, retryAfter);
      }
      // A known device keeps its answer (a revoked one must learn it is revoked); past the budget it is only counted.
      if (!budget.allowed) {
        deps.refusals.count(`${detail} (device ${deviceId}), over the address's refusal budget`, address);
        return jsonReply(body, status, retryAfter);
      }
      // A revoked device (most likely a lost or stolen phone) gets one audit row a minute, from however many addresses.
      if (status === 403 && !deps.refusals.mayAuditRevoked(deviceId)) {
        deps.refusals.count(`${detail} (device ${deviceId}), over the revoked device's audit budget`, address);
        return jsonReply(body, status, retryAfter);
      }
      // Never the token itself: a wrong one may be a real token of another system, pasted into the wrong place.
      if (deps.refusals.mayLog()) deps.log.warn(`${c.req.method} ${path} refused (${status}): ${detail} (device ${deviceId})`);
      if (isMutation(c.req.method)) {
        await audit(deps, { deviceId, operation: operationOf(c.req.method, c.req.path), path: c.req.path, itemCount: 0, answeredByGateway: 0, status, upstreamStatus: null, detail });
      }
      return jsonReply(body, status, retryAfter);
    };

    // Before anything reads the path or the headers: a huge URL costs every later step, so it goes first.
    if (isUrlTooLong(c.req.url)) return refuse(414, URL_TOO_LONG, null, 'address too long');
    const token = deviceTokenFrom((name) => c.req.header(name));
    if (token === null) return refuse(401, DEVICE_UNKNOWN, null, 'no device token');
    const hash = hashDeviceToken(token);
    const device = await deps.store.findDeviceByTokenHash(hash);
    if (!device || !sameTokenHash(device.tokenHash, hash)) return refuse(401, DEVICE_UNKNOWN, null, 'unknown device token');
    if (device.revokedAt !== null) return refuse(403, DEVICE_REVOKED, device.id, 'device revoked');

    const decision = deps.buckets[familyOf(c.req.path)].take(String(device.id));
    if (!decision.allowed) {
      return refuse(
        429,
        { error: `Too many requests from this device; try again in ${decision.retryAfterSeconds} s`, code: 'rate_limited' },
        device.id,
        'rate limited',
        String(decision.retryAfterSeconds),
      );
    }

    const nowMs = deps.clock().getTime();
    if (nowMs - (lastSeenWritten.get(device.id) ?? 0) >= LAST_SEEN_WRITE_MS) {
      lastSeenWritten.set(device.id, nowMs);
      await deps.store.touchDevice(device.id, new Date(nowMs).toISOString());
    }
    c.set('device', device);
    await next();
  };
}
