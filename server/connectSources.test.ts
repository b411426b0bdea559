// DOORLIST_CONNECT_SRC: what the served connect-src may gain, and every entry that must refuse the start.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseConnectSources } from './connectSources.ts';
import { createDoorlistServer } from './createServer.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('parseConnectSources', () => {
  it('takes http(s) origins and CSP host-sources, space-separated', () => {
    expect(parseConnectSources(undefined)).toEqual({ ok: true, sources: [] });
    expect(parseConnectSources('  ')).toEqual({ ok: true, sources: [] });
    const value = 'https://tonic.example.com http://10.0.0.5:8787\thttp://localhost:4883 *.example.org https://[::1]:9000 https://api.example.com/tonic/ example.net:*';
    expect(parseConnectSources(value)).toEqual({
      ok: true,
      sources: ['https://tonic.example.com', 'http://10.0.0.5:8787', 'http://localhost:4883', '*.example.org', 'https://[::1]:9000', 'https://api.example.com/tonic/', 'example.net:*'],
    });
    expect(parseConnectSources('https://a.example https://a.example')).toEqual({ ok: true, sources: ['https://a.example'] });
  });

  it.each([
    ["'unsafe-inline'", 'CSP keyword'],
    ["'unsafe-eval'", 'CSP keyword'],
    ["'self'", 'CSP keyword'],
    ["'none'", 'CSP keyword'],
    ['*', 'connect anywhere'],
    ['https:', 'whole scheme'],
    ['data:', 'whole scheme'],
    ['ws://tonic.example.com', 'not http(s)'],
    ['ftp://tonic.example.com', 'not http(s)'],
    ['https://tonic.example.com;script-src', 'not an http(s) origin or host'],
    ['https://tonic.example.com,https://b.example', 'not an http(s) origin or host'],
    ['https://user:pw@tonic.example.com', 'not an http(s) origin or host'],
    ['https://tonic.example.com:99999999', 'not an http(s) origin or host'],
    ['https://*', 'not an http(s) origin or host'],
  ])('refuses %s, naming it', (entry, why) => {
    const result = parseConnectSources(`https://good.example ${entry}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(`"${entry}"`);
    expect(result.error).toContain(why);
    expect(result.error).toMatch(/^DOORLIST_CONNECT_SRC: /);
  });
});

describe('the demo server with extra connect sources', () => {
  it('serves them in connect-src, after its own loopback names, on every app response', async () => {
    const distDir = await mkdtemp(path.join(tmpdir(), 'doorlist-connect-src-'));
    await writeFile(path.join(distDir, 'index.html'), '<!doctype html><title>app</title>');
    const { app } = createDoorlistServer({ controls: false, distDir, connectSources: ['https://tonic.example.com', 'http://10.0.0.5:8787'] });
    const response = await app.request('http://127.0.0.1:8787/');
    const policy = response.headers.get('Content-Security-Policy') ?? '';
    expect(policy).toContain("connect-src 'self' http://localhost:8787 http://127.0.0.1:8787 http://[::1]:8787 https://tonic.example.com http://10.0.0.5:8787;");
    expect(policy).not.toContain('unsafe-inline');
    await rm(distDir, { recursive: true, force: true });
  });
});
