// CORS for the emulated APIs: the app calls them from another origin (127.0.0.1 vs localhost, or a LAN address).
import type { MiddlewareHandler } from 'hono';
import type { ServerEnv } from './serverEnv.ts';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PATCH, OPTIONS',
  'Access-Control-Allow-Headers': 'authorization, content-type, x-rsu-api-secret, x-checkin-api-secret',
  // Without these the app cannot read them cross-origin: Retry-After (it would guess its back-off) and Date (the
  // pre-doors check compares the device clock with the server's).
  'Access-Control-Expose-Headers': 'Retry-After, Date',
  'Access-Control-Max-Age': '600',
};

/** Answers preflights with 204 and stamps the CORS headers on every other reply, errors and faults included. */
export function corsForApis(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return c.body(null, 204, { ...CORS_HEADERS });
    await next();
    for (const [name, value] of Object.entries(CORS_HEADERS)) c.res.headers.set(name, value);
  };
}
