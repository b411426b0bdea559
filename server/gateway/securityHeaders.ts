// Security headers for the served app: a strict CSP (the app must work under it), no sniffing, no referrer, camera for itself.

/**
 * The app's Content Security Policy. Each source is there for one reason:
 * - `script-src 'self' 'wasm-unsafe-eval'`: the bundle, and the zxing-wasm barcode decoder (WebAssembly compile);
 * - `img-src 'self' data:`: icons, and the setup QR (an SVG data URL);
 * - `style-src 'self'`: the built stylesheet. React's `style` props set properties through the CSSOM, which a CSP
 *   does not govern, so no `'unsafe-inline'`;
 * - `worker-src 'self'`: the service worker and the decode worker;
 * - `connect-src 'self'`: the gateway's own /api. `extraConnectSources` exists only for the demo server, whose
 *   tests reach the same server under a second name, and which adds DOORLIST_CONNECT_SRC for a direct setup whose
 *   APIs live on another origin (see createServer.ts, connectSources.ts). The gateway takes no extra source: a door
 *   set up through it talks only to its own origin.
 */
export function contentSecurityPolicy(extraConnectSources: readonly string[] = [], reportUri: string | null = null): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...extraConnectSources].join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "font-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    // Violations anywhere (page, decode worker, service worker) are reported to the gateway, which logs them.
    ...(reportUri === null ? [] : [`report-uri ${reportUri}`]),
  ].join('; ');
}

/** Headers for every response of the app (HTML, scripts, the service worker, the decode worker, assets). */
export function appSecurityHeaders(extraConnectSources: readonly string[] = [], reportUri: string | null = null): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(extraConnectSources, reportUri),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** For JSON replies of the API: nothing to render, nothing to cache. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Sent on every reply when the public origin is https (a year; subdomains are the venue's to decide, so not included). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';
