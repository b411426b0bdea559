// Tests of the guest list's settings (environment and config file, secrets scrubbed) and of `npm run guests:import`.
// @vitest-environment node
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../../testing/testServer.ts';
import { runCli } from '../cli.ts';
import { DEFAULT_GUEST_LIST_REFRESH_MINUTES, ENV_NAMES, gatewaySecrets, loadGatewayConfig } from '../config.ts';
import { createGatewayLog } from '../gatewayLog.ts';
import { openSqliteStore } from '../sqliteStore.ts';

const EVENT = '60001c4569308525d873cbd7';
const SAMPLE = fileURLToPath(new URL('../../../docs/guest-list-sample.csv', import.meta.url));
const EXAMPLE_CONFIG = fileURLToPath(new URL('../gateway.config.example.json', import.meta.url));

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'doorlist-guestlist-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

const baseEnv = { [ENV_NAMES.tonicUrl]: 'https://tonic.example.com/api', [ENV_NAMES.tonicToken]: 'tonic-token-1234', [ENV_NAMES.tonicEventId]: EVENT };

describe('the guest list settings', () => {
  it('reads DesignMyNight from the environment, with the refresh interval and minimum age', () => {
    const loaded = loadGatewayConfig(undefined, {
      ...baseEnv,
      [ENV_NAMES.dmnUrl]: 'https://api.designmynight.com/',
      [ENV_NAMES.dmnAppId]: 'venue-app',
      [ENV_NAMES.dmnKey]: 'venue-key-secret',
      [ENV_NAMES.guestListRefreshMinutes]: '10',
      [ENV_NAMES.minimumAge]: 'Over 18',
    });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.config.dmn).toEqual({ url: 'https://api.designmynight.com', appId: 'venue-app', key: 'venue-key-secret' });
    expect(loaded.config.guestList).toEqual({ refreshMinutes: 10, minimumAge: 'Over 18' });
  });

  it('reads them from the config file too, the environment winning; without them there is no DesignMyNight list', async () => {
    const file = path.join(workDir, 'gateway.config.json');
    await writeFile(file, JSON.stringify({ dmn: { url: 'https://dmn.example.com', appId: 'file-app', key: 'file-key-secret' }, guestList: { refreshMinutes: 3 } }));
    await chmod(file, 0o600);
    const loaded = loadGatewayConfig(file, { ...baseEnv, [ENV_NAMES.dmnKey]: 'env-key-secret' });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.config.dmn).toEqual({ url: 'https://dmn.example.com', appId: 'file-app', key: 'env-key-secret' });
    expect(loaded.config.guestList.refreshMinutes).toBe(3);
    const none = loadGatewayConfig(undefined, baseEnv);
    if (!none.ok) throw new Error(none.error);
    expect(none.config.dmn).toBeUndefined();
    expect(none.config.guestList).toEqual({ refreshMinutes: DEFAULT_GUEST_LIST_REFRESH_MINUTES });
  });

  it('the example config file is valid and names the guest list settings', () => {
    const loaded = loadGatewayConfig(EXAMPLE_CONFIG, {});
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.config.dmn?.url).toMatch(/^https:\/\//);
    expect(loaded.config.guestList.refreshMinutes).toBe(DEFAULT_GUEST_LIST_REFRESH_MINUTES);
  });

  it.each([
    [{ [ENV_NAMES.dmnUrl]: 'https://dmn.example.com', [ENV_NAMES.dmnAppId]: 'venue-app' }, 'dmn.key is required'],
    [{ [ENV_NAMES.dmnUrl]: 'ftp://dmn.example.com', [ENV_NAMES.dmnAppId]: 'a', [ENV_NAMES.dmnKey]: 'venue-key-secret' }, 'dmn.url must be an http:// or https:// URL'],
    [{ [ENV_NAMES.guestListRefreshMinutes]: 'soon' }, 'guestList.refreshMinutes'],
    [{ [ENV_NAMES.guestListRefreshMinutes]: '0' }, 'guestList.refreshMinutes'],
    [
      { [ENV_NAMES.tonicEventId]: 'event-42', [ENV_NAMES.dmnUrl]: 'https://dmn.example.com', [ENV_NAMES.dmnAppId]: 'a', [ENV_NAMES.dmnKey]: 'venue-key-secret' },
      'tonic.eventId must be the 24-hex event id',
    ],
  ])('refuses %j naming the field, never the secret', (env, message) => {
    const loaded = loadGatewayConfig(undefined, { ...baseEnv, ...env });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toContain(message);
    expect(loaded.error).not.toContain('venue-key-secret');
    expect(loaded.error).toContain(ENV_NAMES.dmnKey); // the help names the variables
  });

  it('the app id and key are secrets the log scrubs', () => {
    const loaded = loadGatewayConfig(undefined, { ...baseEnv, [ENV_NAMES.dmnUrl]: 'https://dmn.example.com', [ENV_NAMES.dmnAppId]: 'venue-app-77', [ENV_NAMES.dmnKey]: 'venue-key-secret' });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(gatewaySecrets(loaded.config)).toEqual(expect.arrayContaining(['venue-app-77', 'venue-key-secret']));
    const lines: string[] = [];
    createGatewayLog((_level, line) => lines.push(line), gatewaySecrets(loaded.config)).warn('Authorization: venue-app-77:venue-key-secret refused');
    expect(lines).toEqual(['[gateway] Authorization: [redacted]:[redacted] refused']);
  });
});

describe('npm run guests:import', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
  }
  const env = (db: string) => ({ [ENV_NAMES.database]: db, [ENV_NAMES.tonicEventId]: EVENT });
  const run = (args: string[], db: string) => {
    const io = capture();
    return runCli(['guests:import', ...args], env(db), io.io, () => TEST_NOW).then((code) => ({ code, ...io }));
  };

  it('names every bad row by its line, exits non-zero and imports nothing', async () => {
    const db = path.join(workDir, 'bad.sqlite');
    const file = path.join(workDir, 'bad.csv');
    await writeFile(file, ['code,name,ticket_type,refunded', '100234,Grace Hopper,5K run,no', 'not a code!,Bad Row,VIP,no', '100235,Ann Other,VIP,maybe', '100234,Grace Again,5K run,no'].join('\n'));
    const result = await run(['--file', file, '--occurrence', '2026-12-05'], db);
    expect(result.code).toBe(1);
    expect(result.err.filter((line) => line.startsWith(`${file}: Line `)).map((line) => line.slice(file.length + 2, file.length + 9))).toEqual(['Line 3:', 'Line 4:', 'Line 5:']);
    expect(result.err.at(-1)).toBe('doorlist gateway: nothing was imported. Fix the rows above and run the import again.');
    expect(result.out).toEqual([]);
    const store = openSqliteStore(db);
    expect(await store.guestListState()).toBeNull();
    await store.close();
  });

  it('imports the sample file, says what changed, and a second import writes only the difference', async () => {
    const db = path.join(workDir, 'good.sqlite');
    const first = await run(['--file', SAMPLE, '--occurrence', '2026-12-05'], db);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    const store = openSqliteStore(db);
    const state = await store.guestListState();
    expect(state?.occurrences.map((held) => [held.occurrence, held.source])).toEqual([['2026-12-05', 'file']]);
    const size = state?.occurrences[0]?.size ?? 0;
    expect(first.out).toEqual([
      `2026-12-05: ${size} tickets on the list (${size} added, 0 changed, 0 removed).`,
      `Imported ${size} tickets from ${SAMPLE}. The guest list is at version ${state?.version}; doors get it at their next refresh.`,
    ]);
    await store.close();

    const smaller = path.join(workDir, 'smaller.csv');
    await writeFile(smaller, ['code,name,ticket_type,occurrence', '100234,Grace Hopper,5K run,2026-12-05', '100299,Alan Turing,5K run,2026-12-05'].join('\n'));
    const second = await run(['--file', smaller, '--occurrence', '2026-12-05'], db);
    expect(second.code).toBe(0);
    expect(second.out[0]).toBe(`2026-12-05: 2 tickets on the list (1 added, 0 changed, ${size - 1} removed).`);
    const reopened = openSqliteStore(db);
    expect((await reopened.guestListState())?.version).toBe((state?.version ?? 0) + 1);
    await reopened.close();
  });

  it.each([
    [['--file', 'x.csv'], 2, /needs --file .* and --occurrence/],
    [['--occurrence', '2026-12-05'], 2, /needs --file .* and --occurrence/],
    [['--file', 'x.csv', '--occurrence', '5 Dec'], 2, /--occurrence must be a date as YYYY-MM-DD/],
    [['--file', '/nonexistent/list.csv', '--occurrence', '2026-12-05'], 1, /cannot read \/nonexistent\/list.csv .*Nothing was imported/],
  ])('%j exits %i with a clear message', async (args, code, message) => {
    const result = await run(args, path.join(workDir, 'args.sqlite'));
    expect(result.code).toBe(code);
    expect(result.err.join('\n')).toMatch(message);
  });
});
