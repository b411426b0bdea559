// CORS for the emulated APIs: the app calls them from another origin (127.0.0.1 vs localhost, or a LAN address).
import type { MiddlewareHandler } from 'hono';
import type { ServerEnv } from './serverEnv.ts';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PATCH, OPTIONS',
  'Access-Control-Allow-Headers': 'authorization, content-type, x-rsu-api-secret, x-checkin-api-secret',
  // Without these the app cannot read them cross-origin: Retry-After (it would guess its back-off) and Date (the
  // pre-doors check compares the device clock with the server's), nor the guest-list API's rate-limit headers.
  'Access-Control-Expose-Headers': 'Retry-After, Date, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
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

/** An origin on this machine: the tests reach the demo at 127.0.0.1 and localhost, on any port. */
const LOOPBACK_ORIGIN = /^http:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?$/i;

/** A host name that no DNS answer can stand for: a loopback name or an IP address written out (v4, or v6 in brackets). */
const LOOPBACK_OR_IP_HOST = /^(localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[[0-9a-f:.]+\])$/i;

/** The Host header's name (no port), lower-case, or null when it is missing or not a host. */
function hostNameOf(host: string | undefined): string | null {
  if (!host) return null;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * CORS for the test controls: only a page on this machine or on the demo's own origin may call them. A request with any
 * other Origin is refused (403) before it runs, so a web page elsewhere can neither read nor trigger a control.
 * "Own origin" also needs a Host the server can vouch for: a loopback name, an IP address, or the host it was started
 * on (`ownHost`). A DNS-rebinding page (its own name, pointed at this machine) sends Origin and Host with that name,
 * which match each other but are none of these.
 * Requests without an Origin (curl, the e2e's request fixture, Node's fetch) are not from a page and pass as before.
 */
export function corsForControls(ownHost?: string): MiddlewareHandler<ServerEnv> {
  const own = ownHost?.toLowerCase().replace(/^\[?(.*?)\]?$/, '$1');
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const host = hostNameOf(c.req.header('host') ?? new URL(c.req.url).host);
    const knownHost = host !== null && (LOOPBACK_OR_IP_HOST.test(host) || host.replace(/^\[(.*)\]$/, '$1') === own);
    if (!knownHost || (!LOOPBACK_ORIGIN.test(origin) && origin !== new URL(c.req.url).origin)) {
      return c.json({ error: `The test controls answer only pages on this machine, not ${origin.slice(0, 100)}` }, 403);
    }
    const headers = { ...CORS_HEADERS, 'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS', 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
    if (c.req.method === 'OPTIONS') return c.body(null, 204, headers);
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
