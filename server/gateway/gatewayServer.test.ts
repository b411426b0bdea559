// Tests of serving the app from the gateway (security headers, cache rules) and of the gateway inside the demo server.
// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSetupFragment } from '../../src/contracts/setupLink.ts';
import { startServer, type StartedServer } from '../createServer.ts';
import { SEED_TICKET_IDS } from '../demoData.ts';
import { DEMO_GATEWAY_DEVICE_NAME, DEMO_GATEWAY_DEVICE_TOKEN } from '../demoGateway.ts';
import { startGatewayOnEmulator, type GatewayOnEmulator } from '../testing/gatewayOnEmulator.ts';
import { bearer, entriesOf, item, postJson } from '../testing/gatewayTestKit.ts';
import { contentSecurityPolicy } from './securityHeaders.ts';

let workDir: string;
let distDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'doorlist-gateway-serve-'));
  distDir = path.join(workDir, 'dist');
  await mkdir(path.join(distDir, 'assets'), { recursive: true });
  await writeFile(path.join(distDir, 'index.html'), '<!doctype html><title>Doorlist shell</title>');
  await writeFile(path.join(distDir, 'sw.js'), 'self.addEventListener("install", () => {});');
  await writeFile(path.join(distDir, 'assets', 'index-abc123.js'), 'console.log("app");');
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** The CSP as a map of directive → sources. */
function directives(policy: string | null): Map<string, string[]> {
  return new Map((policy ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name = '', ...sources]) => [name, sources]));
}

describe('the gateway serving the app', () => {
  let harness: GatewayOnEmulator;
  beforeAll(async () => {
    harness = await startGatewayOnEmulator({ distDir, logSink: () => {} });
  });
  afterAll(() => harness.close());

  it.each(['/', '/settings', '/sw.js', '/assets/index-abc123.js', '/assets/missing.js'])('sends the security headers with %s', async (pathname) => {
    const response = await fetch(`${harness.gateway.url}${pathname}`);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('worker-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('report-uri')).toEqual(['/csp-report']);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('permissions-policy')).toContain('camera=(self)');
  });

  it('takes CSP violation reports without a device token, keeps them without query strings, and refuses junk', async () => {
    const report = { 'csp-report': { 'document-uri': `${harness.gateway.url}/settings`, 'effective-directive': 'script-src', 'blocked-uri': 'eval', 'source-file': `${harness.gateway.url}/assets/index-abc123.js?v=secret-ish`, 'line-number': 11 } };
    const response = await fetch(`${harness.gateway.url}/csp-report`, { method: 'POST', headers: { 'content-type': 'application/csp-report' }, body: JSON.stringify(report) });
    expect(response.status).toBe(204);
    expect(harness.gateway.cspReports.recent.at(-1)).toEqual({ directive: 'script-src', blocked: 'eval', source: `${harness.gateway.url}/assets/index-abc123.js:11` });
    expect((await fetch(`${harness.gateway.url}/csp-report`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(`${harness.gateway.url}/csp-report`, { method: 'POST', body: 'x'.repeat(20_000) })).status).toBe(413);
  });

  it('serves the service worker and the shell with Cache-Control: no-cache, hashed assets for good', async () => {
    expect((await fetch(`${harness.gateway.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${harness.gateway.url}/`)).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${harness.gateway.url}/assets/index-abc123.js`)).headers.get('cache-control')).toContain('immutable');
  });

  it('answers /api misses with JSON, never the app shell, and sends no-store on API replies', async () => {
    const { token } = await harness.gateway.gateway.addDevice('North gate 1');
    const miss = await fetch(`${harness.gateway.url}/api/nothing-here`, { headers: bearer(token) });
    expect(miss.status).toBe(404);
    expect(miss.headers.get('content-type')).toContain('application/json');
    expect(miss.headers.get('cache-control')).toBe('no-store');
    const bare = await fetch(`${harness.gateway.url}/api`);
    expect(bare.status).toBe(401); // /api itself belongs to the gateway: a device token first, never the shell
    expect(bare.headers.get('content-type')).toContain('application/json');
  });
});

describe('the gateway inside the demo server', () => {
  let demo: StartedServer;
  beforeAll(async () => {
    demo = await startServer({ controls: true, port: 0, host: '127.0.0.1', distDir });
  });
  afterAll(() => demo.close());

  it('forwards /api to the demo emulator for the public demo device, and its setup link points at /api', async () => {
    const reply = await postJson(`${demo.url}/api/tonic/checkin/tickets`, { tickets: [item(SEED_TICKET_IDS[0], DEMO_GATEWAY_DEVICE_NAME)] }, bearer(DEMO_GATEWAY_DEVICE_TOKEN));
    expect(reply.status).toBe(200);
    expect(entriesOf(reply.body)).toMatchObject([{ result: 'success' }]);
    expect(demo.state.checkinLog).toHaveLength(1);
    const parsed = parseSetupFragment(new URL(demo.gateway?.demoSetupLink(demo.url) ?? '').hash);
    expect(parsed.ok && parsed.config).toMatchObject({ deviceName: DEMO_GATEWAY_DEVICE_NAME, tonic: { baseUrl: `${demo.url}/api/tonic`, token: DEMO_GATEWAY_DEVICE_TOKEN } });
  });

  it('enrols and revokes devices through /__control/gateway, and a reset clears the gateway with the emulator', async () => {
    await fetch(`${demo.url}/__control/reset`, { method: 'POST' });
    const enrol = async (body: object) => {
      const reply = (await postJson(`${demo.url}/__control/gateway/devices`, body)).body as { id: number; tokenHint: string; setupLink: string };
      const parsed = parseSetupFragment(new URL(reply.setupLink).hash);
      if (!parsed.ok) throw new Error(parsed.message);
      // The full token travels only inside the setup link the device needs; the reply names it by its first characters.
      expect(reply).not.toHaveProperty('token');
      expect(reply.tokenHint).toBe(`${parsed.config.tonic.token.slice(0, 4)}…`);
      return { ...reply, token: parsed.config.tonic.token };
    };
    const added = await enrol({ name: 'North gate 1', origin: 'http://127.0.0.1:9' });
    expect(added.setupLink.startsWith('http://127.0.0.1:9/setup#config=')).toBe(true);
    const first = await postJson(`${demo.url}/api/tonic/checkin/tickets`, { tickets: [item(SEED_TICKET_IDS[1])] }, bearer(added.token));
    expect(entriesOf(first.body)).toMatchObject([{ result: 'success' }]);
    const recorded = (await (await fetch(`${demo.url}/__control/gateway/checkins`)).json()) as { checkins: unknown[] };
    expect(recorded.checkins).toHaveLength(1);

    await fetch(`${demo.url}/__control/reset`, { method: 'POST' });
    // The emulator forgot the check-in, and so did the gateway: the same ticket is admitted again.
    expect((await postJson(`${demo.url}/api/tonic/checkin/tickets`, { tickets: [item(SEED_TICKET_IDS[1])] }, bearer(added.token))).status).toBe(401);
    const again = await enrol({ name: 'North gate 1' });
    expect(entriesOf((await postJson(`${demo.url}/api/tonic/checkin/tickets`, { tickets: [item(SEED_TICKET_IDS[1])] }, bearer(again.token))).body)).toMatchObject([{ result: 'success' }]);
    expect((await postJson(`${demo.url}/__control/gateway/devices/${again.id}/revoke`, {})).status).toBe(200);
    expect((await postJson(`${demo.url}/api/tonic/checkin/tickets`, { tickets: [item(SEED_TICKET_IDS[0])] }, bearer(again.token))).body).toMatchObject({ code: 'device_revoked' });
  });

  it('serves the app under the same policy, with connect-src also allowing this server under its loopback names', async () => {
    const response = await fetch(`${demo.url}/`);
    const policy = response.headers.get('content-security-policy');
    const port = new URL(demo.url).port;
    expect(policy).toBe(contentSecurityPolicy([`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]));
  });
});
