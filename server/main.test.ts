// Tests of the CLI: option parsing, refusing to start without a build, the start-up lines, and a clean stop on SIGTERM.
// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSetupConfig, parseSetupFragment } from '../src/contracts/setupLink.ts';
import { demoSetupConfig, displayHost, parseCliOptions } from './main.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 20_000;

describe('parseCliOptions', () => {
  it('reads flags first, then PORT/HOST, then defaults', () => {
    expect(parseCliOptions([], {})).toEqual({ port: 8787, host: '127.0.0.1', distDir: path.resolve('dist'), controls: false, connectSources: [] });
    expect(parseCliOptions([], { PORT: '9000', HOST: '0.0.0.0' })).toMatchObject({ port: 9000, host: '0.0.0.0' });
    expect(parseCliOptions(['--port', '0', '--host', '::1', '--dist', 'build', '--controls'], { PORT: '9000' })).toEqual({
      port: 0,
      host: '::1',
      distDir: path.resolve('build'),
      controls: true,
      connectSources: [],
    });
  });

  it('takes DOORLIST_CONNECT_SRC for the served connect-src, and refuses to start on a bad entry, naming it', () => {
    expect(parseCliOptions([], { DOORLIST_CONNECT_SRC: ' https://tonic.example.com  http://10.0.0.5:8787 ' })).toMatchObject({
      connectSources: ['https://tonic.example.com', 'http://10.0.0.5:8787'],
    });
    const refused = parseCliOptions([], { DOORLIST_CONNECT_SRC: "https://tonic.example.com 'unsafe-eval'" });
    expect(refused).toEqual({ error: expect.stringContaining(`"'unsafe-eval'" is a CSP keyword`) });
  });

  it('explains bad input instead of throwing', () => {
    expect(parseCliOptions(['--port', 'eighty'], {})).toEqual({ error: '--port must be a number from 0 to 65535, not "eighty"' });
    expect(parseCliOptions(['--port', '70000'], {})).toHaveProperty('error');
    expect(parseCliOptions(['--verbose'], {})).toHaveProperty('error');
  });

  it('shows a wildcard bind as a reachable address', () => {
    expect(displayHost('127.0.0.1')).toBe('127.0.0.1');
    expect(displayHost('::1')).toBe('[::1]');
    expect(displayHost('0.0.0.0')).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('exports the demo setup config without starting a server', () => {
    expect(demoSetupConfig('http://10.0.0.5:8787/')).toMatchObject({
      tonic: { baseUrl: 'http://10.0.0.5:8787/tonic' },
      runsignup: { baseUrl: 'http://10.0.0.5:8787/runsignup', apiKey: 'demo-rsu-key' },
      guestList: { baseUrl: 'http://10.0.0.5:8787/dmn', appId: 'demo-dmn-app', key: 'demo-dmn-key' },
    });
    expect(parseSetupFragment(`#config=${encodeSetupConfig(demoSetupConfig('http://10.0.0.5:8787/'))}`).ok).toBe(true);
  });
});

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

function linesOf(child: ChildProcess, count: number): Promise<string[]> {
  let text = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n').filter((line) => line !== '');
      if (lines.length >= count) resolve(lines);
    });
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code} before printing ${count} lines: ${text}`)));
  });
}

describe('the CLI', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'doorlist-cli-'));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('refuses to start without a built app, and says how to build it', { timeout: START_TIMEOUT_MS }, async () => {
    const result = await exitOf(runCli(['--port', '0', '--dist', path.join(workDir, 'missing')]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('index.html is missing');
    expect(result.stderr).toContain('Run `npm run build` first');
    expect(result.stdout).toBe('');
  });

  it('refuses to start on a bad DOORLIST_CONNECT_SRC entry, naming it, before it binds a port', { timeout: START_TIMEOUT_MS }, async () => {
    const result = await exitOf(runCli(['--port', '0', '--dist', path.join(workDir, 'missing')], { DOORLIST_CONNECT_SRC: 'https://tonic.example.com *' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DOORLIST_CONNECT_SRC: "*" would let the app connect anywhere');
    expect(result.stdout).toBe('');
  });

  it('prints where it runs, the setup link and the ticket page, serves them, and stops on SIGTERM', { timeout: START_TIMEOUT_MS }, async () => {
    const distDir = path.join(workDir, 'dist');
    await mkdir(distDir, { recursive: true });
    await writeFile(path.join(distDir, 'index.html'), '<!doctype html><title>cli shell</title>');
    const child = runCli(['--port', '0', '--host', '127.0.0.1', '--dist', distDir, '--controls']);
    const exited = exitOf(child);
    const lines = await linesOf(child, 4);

    const running = /^Doorlist demo is running at (http:\/\/127\.0\.0\.1:(\d+))\/$/.exec(lines[0] ?? '');
    if (!running) throw new Error(`unexpected first line: ${lines[0]}`);
    const origin = running[1] ?? '';
    expect(lines[1]?.startsWith(`Set up this device: ${origin}/setup#config=`)).toBe(true);
    expect(lines[2]).toBe(`Printable demo tickets: ${origin}/demo/tickets`);
    expect(lines[3]).toBe('Test controls: on (/__control)');

    const parsed = parseSetupFragment(new URL((lines[1] ?? '').replace('Set up this device: ', '')).hash);
    expect(parsed.ok && parsed.config.tonic.baseUrl).toBe(`${origin}/tonic`);
    expect(await (await fetch(`${origin}/setup`)).text()).toContain('cli shell');
    expect((await fetch(`${origin}/__control/requests`)).status).toBe(200);

    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });
});
