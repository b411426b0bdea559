// Every /api call must carry a live device token (header only); then the device's rate limit for that API family.
import type { MiddlewareHandler } from 'hono';
import { audit, DEVICE_REVOKED, DEVICE_UNKNOWN, isMutation, jsonReply, operationOf, type GatewayDeps, type GatewayEnv } from './gatewayContext.ts';
import { deviceTokenFrom, hashDeviceToken, sameTokenHash } from './deviceTokens.ts';

/** `last_seen_at` is for `device:list`, not an access log: one write a minute per device is plenty. */
const LAST_SEEN_WRITE_MS = 60_000;

export type ApiFamily = 'tonic' | 'runsignup' | 'events';

export function familyOf(path: string): ApiFamily {
  if (path.startsWith('/api/runsignup')) return 'runsignup';
  if (path.startsWith('/api/events')) return 'events';
  return 'tonic';
}

export function requireDevice(deps: GatewayDeps): MiddlewareHandler<GatewayEnv> {
  const lastSeenWritten = new Map<number, number>();
  return async (c, next) => {
    const path = c.req.path;
    const refuse = async (status: 401 | 403 | 429, body: object, deviceId: number | null, detail: string, retryAfter: string | null = null) => {
      // Never the token itself: a wrong one may be a real token of another system, pasted into the wrong place.
      deps.log.warn(`${c.req.method} ${path} refused (${status}): ${detail}${deviceId === null ? '' : ` (device ${deviceId})`}`);
      if (isMutation(c.req.method)) {
        await audit(deps, { deviceId, operation: operationOf(c.req.method, path), path, itemCount: 0, answeredByGateway: 0, status, upstreamStatus: null, detail });
      }
      return jsonReply(body, status, retryAfter);
    };

    const token = deviceTokenFrom((name) => c.req.header(name));
    if (token === null) return refuse(401, DEVICE_UNKNOWN, null, 'no device token');
    const hash = hashDeviceToken(token);
    const device = await deps.store.findDeviceByTokenHash(hash);
    if (!device || !sameTokenHash(device.tokenHash, hash)) return refuse(401, DEVICE_UNKNOWN, null, 'unknown device token');
    if (device.revokedAt !== null) return refuse(403, DEVICE_REVOKED, device.id, 'device revoked');

    const decision = deps.buckets[familyOf(path)].take(String(device.id));
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
