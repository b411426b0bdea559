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
    const value = 'https://tonic.example.com http://10.0.0.5:8787\thttp://localhost:4883 *.example.org https://*.tickets.example.co.uk example.net:* https://a.example:65535 https://b.example:1';
    expect(parseConnectSources(value)).toEqual({
      ok: true,
      sources: ['https://tonic.example.com', 'http://10.0.0.5:8787', 'http://localhost:4883', '*.example.org', 'https://*.tickets.example.co.uk', 'example.net:*', 'https://a.example:65535', 'https://b.example:1'],
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
    ['https://api.example.com/tonic/', 'has a path; give the origin only (https://api.example.com)'],
    ['https://api.example.com/', 'has a path'],
    ['example.net:8080/api', 'has a path; give the origin only (example.net:8080)'],
    ['https://[::1]:9000', 'IPv6 address, which browsers ignore'],
    ['[2001:db8::1]', 'use a host name'],
    ['https://tonic.example.com:0', 'port 0; a port is 1 to 65535'],
    ['https://tonic.example.com:65536', 'port 65536'],
    ['*.com', 'whole public domain suffix'],
    ['https://*.com', 'whole public domain suffix'],
    ['*.co.uk', 'whole public domain suffix'],
    ['*.com.au', 'whole public domain suffix'],
    ['self', 'quotes the shell took off; keywords are not allowed here, quoted or not'],
    ['none', 'quotes the shell took off'],
    ['unsafe-inline', 'quotes the shell took off'],
    ['unsafe-eval', 'quotes the shell took off'],
    ['strict-dynamic', 'quotes the shell took off'],
    ['report-sample', 'quotes the shell took off'],
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
