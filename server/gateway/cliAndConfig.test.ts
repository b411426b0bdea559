// Tests of the device CLI (add, list, revoke on a real SQLite file) and of reading the gateway's configuration.
// @vitest-environment node
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSetupFragment } from '../../src/contracts/setupLink.ts';
import { runCli } from './cli.ts';
import { ENV_NAMES, loadGatewayConfig, plainHttpOriginWarning } from './config.ts';
import { hashDeviceToken } from './deviceTokens.ts';
import { GATEWAY_RSU_API_KEY } from './devices.ts';
import { parseGatewayArgs } from './main.ts';
import { openSqliteStore } from './sqliteStore.ts';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'doorlist-gateway-cli-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('the device CLI', () => {
  const env = () => ({ [ENV_NAMES.database]: path.join(workDir, 'cli.sqlite'), [ENV_NAMES.tonicEventId]: '60001c4569308525d873cbd7', [ENV_NAMES.rsuTicketEventId]: '123' });

  it('adds a device: prints a setup link for the gateway (device token, placeholder RunSignup key) and a terminal QR; stores only the hash', async () => {
    const run = capture();
    expect(await runCli(['device:add', '--name', 'North gate 1', '--origin', 'https://doors.example.org'], env(), run.io)).toBe(0);
    const link = run.out.find((line) => line.startsWith('https://doors.example.org/setup#config='));
    const parsed = parseSetupFragment(new URL(link ?? 'https://x/').hash);
    if (!parsed.ok) throw new Error(parsed.message);
    const { config } = parsed;
    expect(config).toMatchObject({
      deviceName: 'North gate 1',
      venueTimeZone: 'Europe/London',
      tonic: { baseUrl: 'https://doors.example.org/api/tonic', eventId: '60001c4569308525d873cbd7' },
      runsignup: { baseUrl: 'https://doors.example.org/api/runsignup', ticketEventId: 123, apiKey: GATEWAY_RSU_API_KEY },
    });
    expect(config.tonic.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(config.runsignup?.apiSecret).toBe(config.tonic.token);
    expect(run.out.some((line) => line.includes('▄') || line.includes('█'))).toBe(true);

    const store = openSqliteStore(env()[ENV_NAMES.database]);
    const [device] = await store.listDevices();
    expect(device?.tokenHash).toBe(hashDeviceToken(config.tonic.token));
    await store.close();
  });

  it('lists devices without tokens or hashes, and revokes by name or id', async () => {
    const add = capture();
    await runCli(['device:add', '--name', 'South gate', '--origin', 'https://doors.example.org'], env(), add.io);
    const list = capture();
    expect(await runCli(['device:list'], env(), list.io)).toBe(0);
    expect(list.out[0]).toMatch(/^id\s+name\s+created \(UTC\)\s+revoked \(UTC\)\s+last seen \(UTC\)$/);
    expect(list.out.join('\n')).toContain('North gate 1');
    expect(list.out.join('\n')).toContain('South gate');
    const store = openSqliteStore(env()[ENV_NAMES.database]);
    for (const device of await store.listDevices()) expect(list.out.join('\n')).not.toContain(device.tokenHash);

    const revoke = capture();
    expect(await runCli(['device:revoke', '--name', 'South gate'], env(), revoke.io)).toBe(0);
    expect(revoke.out[0]).toMatch(/^Revoked "South gate" \(device \d+\)/);
    const north = (await store.listDevices()).find((device) => device.name === 'North gate 1');
    expect(await runCli(['device:revoke', '--id', String(north?.id)], env(), capture().io)).toBe(0);
    expect((await store.listDevices()).every((device) => device.revokedAt !== null)).toBe(true);
    await store.close();

    const again = capture();
    expect(await runCli(['device:revoke', '--name', 'South gate'], env(), again.io)).toBe(1);
    expect(again.err[0]).toContain('no live device named "South gate"');
  });

  it('explains what is missing instead of throwing', async () => {
    const noName = capture();
    expect(await runCli(['device:add'], env(), noName.io)).toBe(2);
    expect(noName.err[0]).toContain('--name');
    const noOrigin = capture();
    expect(await runCli(['device:add', '--name', 'X'], env(), noOrigin.io)).toBe(2);
    expect(noOrigin.err[0]).toContain('--origin');
    const noEvent = capture();
    expect(await runCli(['device:add', '--name', 'X', '--origin', 'https://a.example'], { [ENV_NAMES.database]: env()[ENV_NAMES.database] }, noEvent.io)).toBe(2);
    expect(noEvent.err[0]).toContain('tonic is required');
    const both = capture();
    expect(await runCli(['device:revoke', '--name', 'A', '--id', '1'], env(), both.io)).toBe(2);
    expect(await runCli(['device:rename'], env(), capture().io)).toBe(2);
  });
});

describe('the gateway configuration', () => {
  const full = {
    [ENV_NAMES.tonicUrl]: 'https://tonic.example.com/api/',
    [ENV_NAMES.tonicToken]: 'tonic-secret',
    [ENV_NAMES.tonicEventId]: '60001c4569308525d873cbd7',
  };

  it('reads the environment, trims the URL, and fills the defaults', () => {
    const loaded = loadGatewayConfig(undefined, full);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.config).toMatchObject({
      tonic: { url: 'https://tonic.example.com/api', token: 'tonic-secret' },
      venueTimeZone: 'Europe/London',
      database: path.join('.server-data', 'gateway.sqlite'),
      limits: { upstreamTimeoutMs: 10_000, maxBodyBytes: 1_048_576, ratePerSecond: 20, rateBurst: 40 },
    });
    expect(loaded.config.runsignup).toBeUndefined();
  });

  it('reads a JSON file, lets the environment override it, and warns when others can read the file', async () => {
    const file = path.join(workDir, 'gateway.config.json');
    await writeFile(file, JSON.stringify({ tonic: { url: 'https://file.example', token: 'from-file', eventId: 'abc' }, runsignup: { url: 'https://runsignup.com/API', apiKey: 'k', apiSecret: 's', ticketEventId: 9 }, limits: { ratePerSecond: 5 } }));
    await chmod(file, 0o644);
    const loaded = loadGatewayConfig(file, { [ENV_NAMES.tonicToken]: 'from-env' });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.config.tonic).toEqual({ url: 'https://file.example', token: 'from-env', eventId: 'abc' });
    expect(loaded.config.limits).toMatchObject({ ratePerSecond: 5, rateBurst: 40 });
    expect(loaded.warnings[0]).toContain('chmod 600');
    await chmod(file, 0o600);
    expect(loadGatewayConfig(file, {}).ok && loadGatewayConfig(file, {})).toMatchObject({ warnings: [] });
  });

  it('names what is wrong, never the values (which may be secrets)', () => {
    const partial = loadGatewayConfig(undefined, { ...full, [ENV_NAMES.rsuApiKey]: 'rsu-key-value', [ENV_NAMES.tonicUrl]: 'ftp://nope' });
    expect(partial.ok).toBe(false);
    if (partial.ok) return;
    expect(partial.error).toContain('tonic.url must be an http:// or https:// URL');
    expect(partial.error).toContain('more problem');
    expect(partial.error).not.toContain('rsu-key-value');
    expect(partial.error).not.toContain('tonic-secret');
    expect(loadGatewayConfig(path.join(workDir, 'missing.json'), full)).toMatchObject({ ok: false });
  });

  it('reads the example config file shipped beside the gateway', () => {
    const example = fileURLToPath(new URL('./gateway.config.example.json', import.meta.url));
    expect(loadGatewayConfig(example, {})).toMatchObject({ ok: true, config: { runsignup: { ticketEventId: 123 } } });
  });

  it('warns about a plain http:// public origin on another host, at start and at device:add, but not for this machine or https', async () => {
    for (const origin of ['https://doors.example.org', 'http://127.0.0.1:8788', 'http://localhost:8788', 'http://[::1]:8788', undefined]) {
      expect(plainHttpOriginWarning(origin), origin).toBeNull();
    }
    expect(plainHttpOriginWarning('http://192.168.1.20:8788')).toContain('the public origin http://192.168.1.20:8788 is plain http:// on a host other than this machine');
    const loaded = loadGatewayConfig(undefined, { ...full, [ENV_NAMES.publicOrigin]: 'http://doors.example.org' });
    expect(loaded.ok && loaded.warnings).toEqual([expect.stringContaining('Put TLS in front of the gateway and use an https:// origin.')]);
    const safe = loadGatewayConfig(undefined, { ...full, [ENV_NAMES.publicOrigin]: 'https://doors.example.org' });
    expect(safe.ok && safe.warnings).toEqual([]);

    const env = { [ENV_NAMES.database]: path.join(workDir, 'plain-http.sqlite'), [ENV_NAMES.tonicEventId]: '60001c4569308525d873cbd7' };
    const plain = capture();
    expect(await runCli(['device:add', '--name', 'Bar door', '--origin', 'http://192.168.1.20:8788'], env, plain.io)).toBe(0);
    expect(plain.err).toEqual([expect.stringMatching(/^doorlist gateway: WARNING: the public origin http:\/\/192\.168\.1\.20:8788 is plain http:\/\//)]);
    const local = capture();
    expect(await runCli(['device:add', '--name', 'Side door', '--origin', 'http://127.0.0.1:8788'], env, local.io)).toBe(0);
    expect(local.err).toEqual([]);

    // The config's own origin is plain http, but device:add uses the https one given: no warning about an origin not used.
    const configured = { ...env, [ENV_NAMES.publicOrigin]: 'http://192.168.1.20:8788' };
    const overridden = capture();
    expect(await runCli(['device:add', '--name', 'Gallery door', '--origin', 'https://doors.example.org'], configured, overridden.io)).toBe(0);
    expect(overridden.err).toEqual([]);
    const fromConfig = capture();
    expect(await runCli(['device:add', '--name', 'Stage door'], configured, fromConfig.io)).toBe(0);
    expect(fromConfig.err).toEqual([expect.stringMatching(/^doorlist gateway: WARNING: the public origin http:\/\/192\.168\.1\.20:8788 is plain http:\/\//)]);
  });

  it('parses the gateway command line', () => {
    expect(parseGatewayArgs(['--port', '0', '--api-only'], {})).toMatchObject({ port: 0, host: '127.0.0.1', distDir: null });
    expect(parseGatewayArgs([], { PORT: '9001' })).toMatchObject({ port: 9001, distDir: path.resolve('dist') });
    expect(parseGatewayArgs(['--port', 'x'], {})).toHaveProperty('error');
  });
});
