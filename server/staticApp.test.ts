// Tests of serving the built app: content types, cache headers, SPA fallback, and no way out of the dist folder.
// @vitest-environment node
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from './createServer.ts';
import { resolveInside } from './staticApp.ts';
import { startTestServer } from './testing/testServer.ts';

const SECRET = 'TOP-SECRET-OUTSIDE-DIST';
const SHELL = '<!doctype html><title>Doorlist shell</title>';

let server: StartedServer;
let workDir: string;
let distDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'doorlist-static-'));
  distDir = path.join(workDir, 'dist');
  await mkdir(path.join(distDir, 'assets'), { recursive: true });
  await mkdir(path.join(distDir, 'icons'), { recursive: true });
  const files: Record<string, string | Uint8Array> = {
    'index.html': SHELL,
    'sw.js': 'self.addEventListener("install", () => {});',
    'manifest.webmanifest': '{"name":"Doorlist"}',
    'assets/index-abc123.js': 'console.log("app");',
    'assets/index-abc123.css': 'body{margin:0}',
    'assets/zxing_reader-9f8e.wasm': new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    'icons/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'icons/icon-192.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    'version.json': '{"v":1}',
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(distDir, name), content);
  await writeFile(path.join(workDir, 'secret.txt'), SECRET);
  server = await startTestServer({ distDir });
});
afterAll(async () => {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

/** A request with the path sent exactly as written, as an attacker would, not normalised by fetch's URL parser. */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path: rawPath, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('files', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', 'no-cache'],
    ['/index.html', 'text/html; charset=utf-8', 'no-cache'],
    ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/manifest.webmanifest', 'application/manifest+json', 'no-cache'],
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/zxing_reader-9f8e.wasm', 'application/wasm', 'public, max-age=31536000, immutable'],
    ['/icons/icon.svg', 'image/svg+xml', 'no-cache'],
    ['/icons/icon-192.png', 'image/png', 'no-cache'],
    ['/version.json', 'application/json; charset=utf-8', 'no-cache'],
  ])('%s is served as %s with Cache-Control %s', async (route, contentType, cacheControl) => {
    const response = await fetch(`${server.url}${route}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('cache-control')).toBe(cacheControl);
  });

  it('sends the bytes of the file', async () => {
    const wasm = new Uint8Array(await (await fetch(`${server.url}/assets/zxing_reader-9f8e.wasm`)).arrayBuffer());
    expect([...wasm]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(await (await fetch(`${server.url}/sw.js`)).text()).toContain('install');
  });
});

describe('SPA fallback', () => {
  it.each(['/setup', '/setup?x=1', '/history/01J0ABC', '/settings/device'])('%s gets the app shell, uncached', async (route) => {
    const response = await fetch(`${server.url}${route}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(SHELL);
  });

  it.each(['/assets/missing-123.js', '/tonic/unknown', '/runsignup/unknown', '/__control/unknown', '/demo/unknown'])(
    '%s stays an error (404, or 401 behind the Tonic token) instead of returning the shell',
    async (route) => {
      const response = await fetch(`${server.url}${route}`);
      expect(route.startsWith('/tonic') ? [401] : [404]).toContain(response.status);
      // Server paths answer in the API's JSON error shape, so a client parsing errors never meets HTML.
      if (!route.startsWith('/assets/')) expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.text()).not.toContain('Doorlist shell');
    },
  );

  it('does not answer other methods with the shell', async () => {
    expect((await fetch(`${server.url}/setup`, { method: 'POST' })).status).toBe(404);
  });
});

describe('path traversal', () => {
  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/%00/../secret.txt',
    '/%E0%A4%A',
  ])('%s never reaches a file outside dist', async (rawPath) => {
    const { status, body } = await rawGet(rawPath);
    expect(body).not.toContain(SECRET);
    expect([200, 400, 404]).toContain(status);
  });

  it('refuses encoded escapes outright (404), rather than serving the shell', async () => {
    expect((await rawGet('/assets/..%2f..%2fsecret.txt')).status).toBe(404);
    expect((await rawGet('/..%5csecret.txt')).status).toBe(404);
  });

  it('resolveInside keeps every path inside the root', () => {
    const root = path.resolve('/srv/dist');
    expect(resolveInside(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveInside(root, '/a%20b.txt')).toBe(path.join(root, 'a b.txt'));
    expect(resolveInside(root, '/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveInside(root, '/%2e%2e/secret')).toBeNull();
    expect(resolveInside(root, '/x%00.js')).toBeNull();
    expect(resolveInside(root, '/%E0%A4%A')).toBeNull();
    expect(resolveInside(root, '/../dist-other/file')).toBeNull();
  });
});
