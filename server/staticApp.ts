// Serves the built PWA from a folder: right content types, cache rules a service worker needs, SPA fallback.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { ServerEnv } from './serverEnv.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** Hashed build output never changes under the same name, so browsers may keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else must be revalidated, or an old service worker or shell outlives a deploy. */
const REVALIDATE = 'no-cache';

/** Paths that belong to the server itself; a miss there is a real 404, never the app shell. */
export const SERVER_PATH_PREFIXES = ['/tonic', '/runsignup', '/dmn', '/__control', '/demo'] as const;

export function isServerPath(pathname: string): boolean {
  return SERVER_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

function cacheControlFor(pathname: string): string {
  return pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
}

/**
 * Maps a URL path to a file inside `root`, or null when the path is malformed or would leave `root`
 * (`..`, encoded `%2e%2e`, backslashes, NUL bytes).
 */
export function resolveInside(root: string, rawPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return null; // malformed percent-encoding cannot name a file of ours
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const resolved = path.resolve(root, `.${decoded}`);
  return resolved === root || resolved.startsWith(`${root}${path.sep}`) ? resolved : null;
}

async function fileResponse(filePath: string, cacheControl: string, method: string): Promise<Response> {
  const bytes = await readFile(filePath);
  const headers = { 'Content-Type': contentTypeFor(filePath), 'Cache-Control': cacheControl, 'Content-Length': String(bytes.byteLength) };
  return new Response(method === 'HEAD' ? null : new Uint8Array(bytes), { status: 200, headers });
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false; // missing or unreadable: the caller falls back or answers 404
  }
}

export interface ServeBuiltAppOptions {
  /** Headers added to every response of the app, files and 404s alike (the security headers: CSP and friends). */
  headers?: (requestUrl: URL) => Record<string, string>;
}

/** A Hono handler for GET/HEAD of the built app in `distDir`; server paths pass through to their own 404. */
export function serveBuiltApp(distDir: string, options: ServeBuiltAppOptions = {}): MiddlewareHandler<ServerEnv> {
  const root = path.resolve(distDir);
  const indexFile = path.join(root, 'index.html');

  return async (c, next) => {
    if (isServerPath(c.req.path)) return next();
    // The raw path, not Hono's decoded one, so traversal checks see exactly what the client sent.
    const url = new URL(c.req.url);
    const rawPathname = url.pathname;
    const extra = options.headers?.(url) ?? {};
    const withHeaders = (response: Response): Response => {
      for (const [name, value] of Object.entries(extra)) response.headers.set(name, value);
      return response;
    };
    const filePath = resolveInside(root, rawPathname);
    if (filePath === null) return withHeaders(c.text('Not found', 404));
    if (filePath !== root && (await isFile(filePath))) return withHeaders(await fileResponse(filePath, cacheControlFor(rawPathname), c.req.method));
    // A missing hashed asset must stay a 404: answering HTML there makes the browser run a page as a script.
    if (rawPathname.startsWith('/assets/')) return withHeaders(c.text('Not found', 404));
    return withHeaders(await fileResponse(indexFile, REVALIDATE, c.req.method));
  };
}
