// Tests of the gateway's limits over real HTTP: upstream timeout → 504, upstream down → 502, per-device rate limit → 429.
// @vitest-environment node
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TICKET_IDS } from '../demoData.ts';
import { startGatewayOnEmulator, type GatewayOnEmulator } from '../testing/gatewayOnEmulator.ts';
import { checkIn, emulatorCheckIns, item, useGateway, type GatewayKit } from '../testing/gatewayTestKit.ts';

const [seedOne, seedTwo] = SEED_TICKET_IDS;

describe('an upstream slower than the timeout', () => {
  const kit = useGateway({ config: { limits: { upstreamTimeoutMs: 300 } } });

  it('answers 504 upstream_timeout within the deadline and records nothing', async () => {
    const { token } = await kit.enrol('North gate 1');
    await fetch(`${kit.harness.emulator.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 2_000 }) });
    const startedAt = performance.now();
    const reply = await checkIn(kit, token, [item(seedOne)]);
    expect(reply.status).toBe(504);
    expect(reply.body).toMatchObject({ code: 'upstream_timeout' });
    expect(performance.now() - startedAt).toBeLessThan(1_500);
    expect(await kit.harness.gateway.gateway.store.movementsAfter(0, 10)).toEqual([]);
    expect((await kit.harness.gateway.gateway.store.auditLog()).at(-1)).toMatchObject({ status: 504, detail: 'upstream timeout' });
  });
});

describe('an upstream that is down', () => {
  let harness: GatewayOnEmulator;
  let closedPort: number;
  const lines: string[] = [];
  beforeAll(async () => {
    // A port that was free a moment ago and has nobody listening: connection refused.
    closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    harness = await startGatewayOnEmulator({ config: { tonic: { url: `http://127.0.0.1:${closedPort}/tonic`, token: 'demo-token', eventId: '60001c4569308525d873cbd7' } }, logSink: (_level, line) => lines.push(line) });
  });
  afterAll(() => harness.close());

  it('answers 502 upstream_unreachable with JSON, and the reason in the log has no URL', async () => {
    const { token } = await harness.gateway.gateway.addDevice('North gate 1');
    const response = await fetch(`${harness.gateway.url}/api/tonic/checkin/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tickets: [item(seedOne)] }),
    });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ code: 'upstream_unreachable' });
    const audit = await harness.gateway.gateway.store.auditLog();
    expect(audit.at(-1)).toMatchObject({ status: 502, detail: 'upstream unreachable (ECONNREFUSED)' });
    expect(lines.join('\n')).toContain('upstream unreachable (ECONNREFUSED)');
    expect(lines.join('\n')).not.toContain(String(closedPort));
  });
});

describe('upstream errors', () => {
  const kit = useGateway();

  it('passes a 503 with Retry-After through, and maps a refused gateway credential to 502 (not the device\'s fault)', async () => {
    const { token } = await kit.enrol('North gate 1');
    await fetch(`${kit.harness.emulator.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ failNext: { status: 503, count: 1, retryAfterSeconds: 7 } }) });
    const unavailable = await checkIn(kit, token, [item(seedOne)]);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    await fetch(`${kit.harness.emulator.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ failNext: { status: 401, count: 1 } }) });
    const refused = await checkIn(kit, token, [item(seedOne)]);
    expect(refused.status).toBe(502);
    expect(refused.body).toMatchObject({ code: 'upstream_auth' });
  });

  it('answers 502 for a non-JSON upstream reply (a captive portal or proxy page)', async () => {
    const { token } = await kit.enrol('North gate 1');
    await fetch(`${kit.harness.emulator.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ malformedNext: { count: 1 } }) });
    const reply = await checkIn(kit, token, [item(seedOne)]);
    expect(reply.status).toBe(502);
    expect(reply.body).toMatchObject({ code: 'upstream_not_json' });
  });
});

describe('the per-device rate limit', () => {
  const kit: GatewayKit = useGateway({ config: { limits: { ratePerSecond: 1, rateBurst: 3 } } });

  it('answers 429 with Retry-After past the burst, for that device only, and forwards none of the refused', async () => {
    const busy = await kit.enrol('North gate 1');
    const quiet = await kit.enrol('North gate 2');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reply = await checkIn(kit, busy.token, [item(attempt % 2 === 0 ? seedOne : seedTwo, 'North gate 1', `2026-11-24 19:05:0${attempt}`)]);
      statuses.push(reply.status);
      if (reply.status === 429) {
        retryAfter = reply.headers.get('retry-after');
        expect(reply.body).toMatchObject({ code: 'rate_limited' });
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await checkIn(kit, quiet.token, [item(seedTwo, 'North gate 2')])).status).toBe(200);
    // Two of the three allowed were forwarded (the third was seedOne again, answered by the gateway itself).
    expect((await emulatorCheckIns(kit)).filter((entry) => entry.device_name === 'North gate 1')).toHaveLength(2);
  });
});
