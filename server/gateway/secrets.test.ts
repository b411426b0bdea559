// Proof that secrets stay in the gateway: its stdout/stderr, its database and a built app hold no upstream credential or device token.
// @vitest-environment node
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type StartedServer } from '../createServer.ts';
import {
  DEMO_DMN_APP_ID,
  DEMO_DMN_KEY,
  DEMO_EVENT_ID,
  DEMO_RSU_API_KEY,
  DEMO_RSU_API_SECRET,
  DEMO_TONIC_TOKEN,
  demoTickets,
  SEED_TICKET_IDS,
} from '../demoData.ts';
import { WINDOW_COUNTS_PATH } from '../runsignupRoutes.ts';
import { runCli } from './cli.ts';
import { ENV_NAMES } from './config.ts';
import { item, postJson } from '../testing/gatewayTestKit.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GATEWAY_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const BUILD_TIMEOUT_MS = 240_000;

/** Reads every file under a folder (the database and its WAL, or a built app), as one byte string. */
async function allBytes(folder: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(folder, { recursive: true })) {
    const file = path.join(folder, entry);
    if ((await stat(file)).isFile()) parts.push((await readFile(file)).toString('latin1'));
  }
  return parts.join('\n');
}

describe('the running gateway (a real process, real upstream, every kind of request)', () => {
  let emulator: StartedServer;
  let dataDir: string;
  let child: ChildProcess;
  let output = '';
  let gatewayUrl = '';
  const deviceTokens: string[] = [];

  beforeAll(async () => {
    emulator = await startServer({ controls: true, port: 0, host: '127.0.0.1' });
    dataDir = await mkdtemp(path.join(tmpdir(), 'doorlist-gateway-secrets-'));
    const env = {
      ...process.env,
      [ENV_NAMES.tonicUrl]: `${emulator.url}/tonic`,
      [ENV_NAMES.tonicToken]: DEMO_TONIC_TOKEN,
      [ENV_NAMES.tonicEventId]: DEMO_EVENT_ID,
      [ENV_NAMES.runsignupUrl]: `${emulator.url}/runsignup`,
      [ENV_NAMES.rsuApiKey]: DEMO_RSU_API_KEY,
      [ENV_NAMES.rsuApiSecret]: DEMO_RSU_API_SECRET,
      [ENV_NAMES.rsuTicketEventId]: '123',
      [ENV_NAMES.database]: path.join(dataDir, 'gateway.sqlite'),
      [ENV_NAMES.dmnUrl]: `${emulator.url}/dmn`,
      [ENV_NAMES.dmnAppId]: DEMO_DMN_APP_ID,
      [ENV_NAMES.dmnKey]: DEMO_DMN_KEY,
    };
    child = spawn(process.execPath, ['--import', 'tsx', GATEWAY_MAIN, '--api-only', '--port', '0'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gatewayUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), START_TIMEOUT_MS);
      const check = () => {
        const match = /Doorlist gateway is running at (http:\/\/\S+?)\/\s/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => reject(new Error(`the gateway exited (${code}):\n${output}`)));
    });

    // Devices enrolled by the CLI while the gateway runs (two processes on one SQLite file).
    const cliOutput: string[] = [];
    const io = { out: (line: string) => cliOutput.push(line), err: (line: string) => cliOutput.push(line) };
    for (const name of ['North gate 1', 'South gate']) {
      expect(await runCli(['device:add', '--name', name, '--origin', gatewayUrl], env, io)).toBe(0);
    }
    for (const line of cliOutput) {
      const link = /\/setup#config=(\S+)/.exec(line);
      if (link?.[1]) deviceTokens.push((JSON.parse(Buffer.from(link[1], 'base64url').toString()) as { tonic: { token: string } }).tonic.token);
    }
    expect(deviceTokens).toHaveLength(2);
    const [north = '', south = ''] = deviceTokens;
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const [seedOne, seedTwo] = SEED_TICKET_IDS;
    const rsu = demoTickets().find((ticket) => ticket.runsignupTicketId !== null);

    // The happy paths, shared memory, bad input, refusals and upstream failures: every branch that logs.
    await postJson(`${gatewayUrl}/api/tonic/checkin/tickets`, { tickets: [item(seedOne)] }, auth(north));
    await postJson(`${gatewayUrl}/api/tonic/checkin/tickets`, { tickets: [item(seedOne, 'South gate'), item(seedTwo, 'South gate')] }, auth(south));
    await postJson(`${gatewayUrl}/api/tonic/checkin/tickets`, { tickets: 'nope' }, auth(north));
    await postJson(`${gatewayUrl}/api/tonic/checkin/tickets`, { tickets: [item(seedOne)] }, auth('not-a-device-token-but-looks-like-one-0123456789'));
    await fetch(`${gatewayUrl}/api/runsignup${WINDOW_COUNTS_PATH}?ticket_event_id=123&ticket_ids=${rsu?.runsignupTicketId}&rsu_api_key=doorlist-gateway`, { headers: { 'X-RSU-API-SECRET': north } });
    await fetch(`${emulator.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ failNext: { status: 503, count: 1 } }) });
    await postJson(`${gatewayUrl}/api/tonic/checkout/tickets`, { tickets: [item(seedOne)] }, auth(north));
    await fetch(`${emulator.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ failNext: { status: 401, count: 1 } }) });
    await postJson(`${gatewayUrl}/api/tonic/checkout/tickets`, { tickets: [item(seedOne)] }, auth(north));
    await fetch(`${emulator.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ dropNext: { count: 1 } }) });
    await postJson(`${gatewayUrl}/api/tonic/checkout/tickets`, { tickets: [item(seedOne)] }, auth(north));
    // The guest list (pulled at start) reaches a device without an email; its credentials go only to DesignMyNight.
    const listHead = async () => JSON.parse((await (await fetch(`${gatewayUrl}/api/guestlist`, { headers: auth(north) })).text()).split('\n')[0] ?? '{}') as { meta: unknown };
    await vi.waitFor(async () => expect((await listHead()).meta).toEqual(expect.objectContaining({ source: 'dmn' })), { timeout: 15_000, interval: 500 });
    expect(await runCli(['device:revoke', '--name', 'South gate'], env, io)).toBe(0);
    await postJson(`${gatewayUrl}/api/tonic/checkin/tickets`, { tickets: [item(seedTwo, 'South gate')] }, auth(south));

    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('logged what happened', () => {
    expect(output).toContain('tonic.checkin device 1: 1 item(s), 0 answered by the gateway -> 200');
    expect(output).toContain('tonic.checkin device 2: 2 item(s), 1 answered by the gateway -> 200');
    expect(output).toContain('refused (401): unknown device token');
    expect(output).toContain('refused (403): device revoked');
    expect(output).toContain('upstream refused the gateway credentials (401)');
    expect(output).toMatch(/guest list \d{4}-\d{2}-\d{2}: \d+ tickets \(\d+ added/);
    expect(output).toContain('guest list: device 1 gets the whole list');
  });

  it('never wrote an upstream credential or a device token to stdout or stderr', () => {
    for (const secret of [DEMO_TONIC_TOKEN, DEMO_RSU_API_SECRET, DEMO_RSU_API_KEY, DEMO_DMN_KEY, DEMO_DMN_APP_ID, ...deviceTokens, 'not-a-device-token-but-looks-like-one']) {
      expect(output, secret).not.toContain(secret);
    }
  });

  it('keeps no upstream credential, device token or guest email in its database files', async () => {
    const bytes = await allBytes(dataDir);
    expect(bytes).toContain('North gate 1'); // the files were really read
    expect(bytes).toContain('General admission'); // the guest list is in there
    for (const secret of [DEMO_TONIC_TOKEN, DEMO_RSU_API_SECRET, DEMO_RSU_API_KEY, DEMO_DMN_KEY, DEMO_DMN_APP_ID, ...deviceTokens]) expect(bytes, secret).not.toContain(secret);
    const guestEmails = demoTickets().map((ticket) => ticket.guestEmail);
    expect(guestEmails.filter((email) => bytes.includes(email))).toEqual([]);
  });
});

describe('a built app', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'dist-gateway-'));
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('holds no upstream credential, even when built with the gateway\'s secrets in the environment', { timeout: BUILD_TIMEOUT_MS }, async () => {
    const secrets = { tonic: 'tonic-token-7f3a9c1e2b', rsuKey: 'rsu-key-5d8e0a4b6c', rsuSecret: 'rsu-secret-1c9f7e3a5d' };
    const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        [ENV_NAMES.tonicToken]: secrets.tonic,
        [ENV_NAMES.rsuApiKey]: secrets.rsuKey,
        [ENV_NAMES.rsuApiSecret]: secrets.rsuSecret,
        VITE_DOORLIST_TONIC_TOKEN: secrets.tonic, // what a careless `import.meta.env` read would pick up
      },
    });
    expect(build.status, build.stderr).toBe(0);
    const bytes = await allBytes(outDir);
    expect(bytes).toContain('/checkin/tickets'); // it is the app
    for (const secret of [...Object.values(secrets), DEMO_RSU_API_SECRET, DEMO_TONIC_TOKEN]) expect(bytes, secret).not.toContain(secret);
  });
});
