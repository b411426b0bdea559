import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRetryAfter, requestJson, type FetchLike } from './httpRequest.ts';

const schema = z.object({ ok: z.literal(true) });
const answer = (body: string, status: number, headers: Record<string, string> = {}): FetchLike => async () => new Response(body, { status, headers });
const call = (fetchImpl: FetchLike, timeoutMs?: number) => requestJson(fetchImpl, { url: 'http://api.test/x', method: 'GET', ...(timeoutMs ? { timeoutMs } : {}) }, schema);

describe('requestJson', () => {
  it('tells the API\'s own 404 (JSON) from a web page 404 (wrong address)', async () => {
    const api = await call(answer('{"error":"Tickets not found"}', 404));
    expect(!api.ok && api.error).toMatchObject({ kind: 'notFound', message: 'Not found (404): Tickets not found' });
    const page = await call(answer('<html><h1>Not Found</h1></html>', 404, { 'content-type': 'text/html' }));
    expect(!page.ok && page.error.kind).toBe('server');
    expect(!page.ok && page.error.message).toMatch(/check the server address/);
  });

  it("keeps at most 500 characters of a server's JSON error, which is stored with the scan and exported with it", async () => {
    const huge = await call(answer(JSON.stringify({ error: `Bad gateway ${'x'.repeat(100_000)}` }), 502));
    expect(!huge.ok && huge.error.message.startsWith('Server error (502): Bad gateway xxx')).toBe(true);
    expect(!huge.ok && huge.error.message.length).toBeLessThan(600);
  });

  it('gives up on a server that never answers, as a timeout', async () => {
    const never: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const result = await call(never, 20);
    expect(!result.ok && result.error.kind).toBe('timeout');
  });

  it('calls a captive-portal page and a wrong shape "malformed", and a refused connection "network"', async () => {
    const portal = await call(answer('<html>Log in to Venue Wi-Fi</html>', 200, { 'content-type': 'text/html' }));
    expect(!portal.ok && portal.error.kind).toBe('malformed');
    const shape = await call(answer('{"ok":"yes"}', 200));
    expect(!shape.ok && shape.error.kind).toBe('malformed');
    const refused = await call(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(!refused.ok && refused.error.kind).toBe('network');
  });

  it('maps 401/403/429/400/5xx to their kinds and keeps Retry-After', async () => {
    expect((await call(answer('{}', 401))).ok || (await call(answer('{}', 403)))).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(await call(answer('{}', 429, { 'retry-after': '12' }))).toMatchObject({ ok: false, error: { kind: 'rateLimited', retryAfterMs: 12_000 } });
    expect(await call(answer('{"error":"bad time"}', 400))).toMatchObject({ ok: false, error: { kind: 'badRequest', message: 'Request refused (400): bad time' } });
    expect(await call(answer('oops', 502))).toMatchObject({ ok: false, error: { kind: 'server', status: 502 } });
  });

  it('keeps the machine-readable code of an error body (a gateway\'s "device_revoked")', async () => {
    const revoked = await call(answer('{"error":"This device was revoked","code":"device_revoked"}', 403));
    expect(revoked).toMatchObject({ ok: false, error: { kind: 'auth', code: 'device_revoked', message: 'Credentials refused (403): This device was revoked' } });
    const plain = await call(answer('{"error":"bad token"}', 401));
    expect(!plain.ok && 'code' in plain.error).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-24T19:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 19:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
