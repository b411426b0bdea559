// Tests that test controls exist only when asked for, that CORS lets the app call the APIs cross-origin, and the request log.
// @vitest-environment node
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoorlistServer, type StartedServer } from './createServer.ts';
import { DEMO_RSU_API_KEY, SEED_TICKET_IDS } from './demoData.ts';
import { requestsLogSchema } from './testing/replySchemas.ts';
import { getJson, postTonic, startTestServer, TEST_NOW, ticketItems, TONIC_HEADERS } from './testing/testServer.ts';

const EXPECTED_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-rsu-api-secret, x-checkin-api-secret',
  'access-control-expose-headers': 'Retry-After, Date, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
  'access-control-max-age': '600',
};
const APP_ORIGIN = 'http://127.0.0.1:5173';

describe('without controls', () => {
  let server: StartedServer;
  let distDir: string;
  beforeAll(async () => {
    distDir = await mkdtemp(path.join(tmpdir(), 'doorlist-dist-'));
    await writeFile(path.join(distDir, 'index.html'), '<!doctype html><title>app shell</title>');
    server = await startTestServer({ controls: false, distDir });
  });
  afterAll(async () => {
    await server.close();
    await rm(distDir, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/__control/checkins'],
    ['GET', '/__control/requests'],
    ['POST', '/__control/reset'],
    ['POST', '/__control/faults'],
    ['DELETE', '/__control/faults'],
    ['POST', '/__control/faults/release'],
  ])('%s %s is 404, not the app shell', async (method, route) => {
    const response = await fetch(`${server.url}${route}`, { method, body: method === 'POST' ? '{}' : undefined });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('app shell');
  });

  it('still runs the emulator', async () => {
    const reply = await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: SEED_TICKET_IDS[0] }]) });
    expect(reply.status).toBe(200);
  });
});

describe('with controls', () => {
  let server: StartedServer;
  beforeAll(async () => {
    server = await startTestServer({ controls: true });
  });
  afterAll(() => server.close());

  it.each([
    ['/tonic/checkin/tickets', 'POST', 'authorization,content-type'],
    ['/tonic/purchases/627e095671209038d339a182', 'PATCH', 'authorization,content-type'],
    ['/runsignup/v2/tickets/checkin/get-ticket-window-checked-in-counts.json', 'GET', 'x-rsu-api-secret'],
  ])('answers the preflight for %s with 204 and the CORS headers, without asking for credentials', async (route, method, headers) => {
    const response = await fetch(`${server.url}${route}`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });
    expect(response.status).toBe(204);
    for (const [name, value] of Object.entries(EXPECTED_CORS)) expect(response.headers.get(name), name).toBe(value);
  });

  it('stamps CORS headers on errors too, so the app can read a 401', async () => {
    const response = await fetch(`${server.url}/tonic/checkin/tickets`, { method: 'POST', headers: { origin: APP_ORIGIN }, body: '{}' });
    expect(response.status).toBe(401);
    for (const [name, value] of Object.entries(EXPECTED_CORS)) expect(response.headers.get(name), name).toBe(value);
  });

  it('sends a Date header on API replies and exposes it cross-origin, for the pre-doors clock check', async () => {
    const response = await fetch(`${server.url}/tonic/events/60001c4569308525d873cbd7/occurrences?item_date_from=2026-11-24&item_date_to=2026-11-24`, {
      headers: { origin: APP_ORIGIN, ...TONIC_HEADERS },
    });
    expect(response.headers.get('access-control-expose-headers')?.split(/,\s*/)).toContain('Date');
    // The emulated server's clock (the test server's is fixed at TEST_NOW), to the second as HTTP dates go.
    expect(response.headers.get('date')).toBe(TEST_NOW.toUTCString());
  });

  it('does not let a preflight use up a forced failure', async () => {
    await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    await fetch(`${server.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ failNext: { status: 503, count: 1 } }) });
    const preflight = await fetch(`${server.url}/tonic/checkin/tickets`, { method: 'OPTIONS', headers: { origin: APP_ORIGIN } });
    expect(preflight.status).toBe(204);
    const real = await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: SEED_TICKET_IDS[0] }]) });
    expect(real.status).toBe(503);
  });

  it('logs API requests by method, path (without the query, which may hold keys) and status', async () => {
    await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    await fetch(`${server.url}/tonic/checkin/tickets`, { method: 'OPTIONS' });
    await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: SEED_TICKET_IDS[0] }]) });
    await fetch(`${server.url}/runsignup/v2/tickets/checkin/get-ticket-window-checked-in-counts.json?ticket_event_id=123&ticket_ids=2148&rsu_api_key=${DEMO_RSU_API_KEY}`);
    await fetch(`${server.url}/demo/tickets`);
    const { requests } = requestsLogSchema.parse((await getJson(`${server.url}/__control/requests`)).body);
    expect(requests).toEqual([
      { method: 'OPTIONS', path: '/tonic/checkin/tickets', status: 204, answeredAt: TEST_NOW.toISOString() },
      { method: 'POST', path: '/tonic/checkin/tickets', status: 200, answeredAt: TEST_NOW.toISOString() },
      { method: 'GET', path: '/runsignup/v2/tickets/checkin/get-ticket-window-checked-in-counts.json', status: 401, answeredAt: TEST_NOW.toISOString() },
    ]);
  });

  it('lets only pages on this machine or the demo itself call the controls: never "*", a foreign origin is refused before it runs', async () => {
    await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    await postTonic(server.url, '/checkin/tickets', { tickets: ticketItems([{ ticket_id: SEED_TICKET_IDS[0] }]) });

    const preflight = await fetch(`${server.url}/__control/reset`, { method: 'OPTIONS', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const local = await fetch(`${server.url}/__control/checkins`, { headers: { origin: 'http://localhost:4173' } });
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:4173');
    const plain = await fetch(`${server.url}/__control/checkins`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();

    for (const origin of ['https://evil.example', 'http://192.168.1.20:8787', 'null']) {
      const reset = await fetch(`${server.url}/__control/reset`, { method: 'POST', headers: { origin } });
      expect(reset.status, origin).toBe(403);
      expect(reset.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect((await fetch(`${server.url}/__control/requests`, { headers: { origin } })).status, origin).toBe(403);
      expect((await fetch(`${server.url}/__control/reset`, { method: 'OPTIONS', headers: { origin } })).status, origin).toBe(403);
    }
    // The refused reset did not run: the check-in is still there.
    expect((server.state.checkinLog as unknown[]).length).toBe(1);
  });

  it('refuses a DNS-rebinding page (its own name pointed at this machine) though its Origin and Host agree, and lets the configured host through', async () => {
    const control = (app: { fetch: (request: Request) => Response | Promise<Response> }, origin: string) =>
      Promise.resolve(app.fetch(new Request(`${origin}/__control/checkins`, { headers: { origin } })));
    const plain = createDoorlistServer({ controls: true });
    expect((await control(plain.app, 'http://rebound.evil.example:8787')).status).toBe(403);
    expect((await control(plain.app, 'http://doors.lan:8787')).status).toBe(403);
    expect((await control(plain.app, 'http://192.168.1.20:8787')).status).toBe(200); // an IP address: no DNS to rebind
    expect((await control(plain.app, 'http://localhost:8787')).status).toBe(200);
    const onLan = createDoorlistServer({ controls: true, host: 'doors.lan' });
    expect((await control(onLan.app, 'http://doors.lan:8787')).status).toBe(200);
    expect((await control(onLan.app, 'http://rebound.evil.example:8787')).status).toBe(403);
    for (const server of [plain, onLan]) (await server.gateway).gateway.close();
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const reply = await getJson(`${server.url}/tonic/nothing-here`, { headers: TONIC_HEADERS });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: 'No route for GET /tonic/nothing-here' });
  });
});
