// CLI: `npm run device:add -- --name "North gate 1"`, `npm run device:list`, `npm run device:revoke -- --name …|--id …`,
// `npm run guests:import -- --file list.csv --occurrence 2026-12-05`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { DEFAULT_DATABASE_FILE, ENV_NAMES, loadDeviceSetupConfig, plainHttpOriginWarning } from './config.ts';
import { addDevice, gatewaySetupLink, revokeDevice } from './devices.ts';
import { openSqliteStore } from './sqliteStore.ts';
import { DuplicateDeviceNameError, type DeviceRow } from './store.ts';
import { importGuestFile } from './guestList/importCommand.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = [
  'Usage:',
  '  device:add --name "North gate 1" [--origin https://doors.example.org] [--config gateway.config.json] [--db file]',
  '  device:list [--config gateway.config.json] [--db file]',
  '  device:revoke (--name "North gate 1" | --id 3) [--config gateway.config.json] [--db file]',
  '  guests:import --file list.csv --occurrence 2026-12-05 [--config gateway.config.json] [--db file]',
].join('\n');

/** The database file: --db, then DOORLIST_GATEWAY_DB, then the config file's `database`, then the default. */
function databaseFile(flag: string | undefined, configFile: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  const fromEnv = env[ENV_NAMES.database];
  if (fromEnv) return fromEnv;
  if (configFile) {
    const loaded = loadDeviceSetupConfig(configFile, { ...env, [ENV_NAMES.tonicEventId]: env[ENV_NAMES.tonicEventId] ?? 'placeholder' });
    if (loaded.ok) return loaded.config.database;
  }
  return DEFAULT_DATABASE_FILE;
}

const when = (iso: string | null): string => (iso === null ? '-' : iso.replace('T', ' ').slice(0, 19));

function deviceTable(devices: readonly DeviceRow[]): string[] {
  // Never the token, never its hash: the list is for people, and a hash is still worth keeping private.
  const rows = devices.map((device) => [String(device.id), device.name, when(device.createdAt), when(device.revokedAt), when(device.lastSeenAt)]);
  const header = ['id', 'name', 'created (UTC)', 'revoked (UTC)', 'last seen (UTC)'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const [command, ...rest] = argv;
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        id: { type: 'string' },
        origin: { type: 'string' },
        config: { type: 'string' },
        db: { type: 'string' },
        file: { type: 'string' },
        occurrence: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`doorlist gateway: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const dbFile = databaseFile(values.db, values.config, env);

  if (command === 'device:add') {
    if (!values.name) {
      io.err(`doorlist gateway: device:add needs --name "<door name>"\n${USAGE}`);
      return 2;
    }
    const setup = loadDeviceSetupConfig(values.config, env);
    if (!setup.ok) {
      io.err(`doorlist gateway: ${setup.error}`);
      return 2;
    }
    const origin = values.origin ?? setup.config.publicOrigin;
    if (!origin || !/^https?:\/\/[^\s/]+/i.test(origin)) {
      io.err(`doorlist gateway: say where devices reach the gateway: --origin https://doors.example.org (or ${ENV_NAMES.publicOrigin})`);
      return 2;
    }
    // Warn about the origin the link will carry, not the config's when --origin replaces it.
    const configOrigin = plainHttpOriginWarning(setup.config.publicOrigin);
    const usedOrigin = plainHttpOriginWarning(origin);
    const warnings = [...setup.warnings.filter((warning) => warning !== configOrigin), ...(usedOrigin === null ? [] : [usedOrigin])];
    for (const warning of warnings) io.err(`doorlist gateway: WARNING: ${warning}`);
    const store = openSqliteStore(dbFile);
    try {
      const enrolled = await addDevice(store, values.name);
      const link = gatewaySetupLink(origin, enrolled.device.name, enrolled.token, setup.config);
      io.out(`Enrolled "${enrolled.device.name}" (device ${enrolled.device.id}) in ${dbFile}.`);
      io.out('Open this setup link on the device, or scan the code below with it. It holds the device token: treat it like a key.');
      io.out(link);
      io.out(await QRCode.toString(link, { type: 'terminal', small: true }));
      io.out('The token is shown only now (the gateway keeps its hash). Lost the link? Revoke the device and add it again.');
      return 0;
    } catch (error) {
      io.err(`doorlist gateway: ${error instanceof DuplicateDeviceNameError || error instanceof Error ? error.message : String(error)}`);
      return 1;
    } finally {
      await store.close();
    }
  }

  if (command === 'device:list') {
    const store = openSqliteStore(dbFile);
    try {
      const devices = await store.listDevices();
      if (devices.length === 0) io.out(`No devices enrolled in ${dbFile}. Add one: npm run device:add -- --name "North gate 1" --origin https://…`);
      else for (const line of deviceTable(devices)) io.out(line);
      return 0;
    } finally {
      await store.close();
    }
  }

  if (command === 'device:revoke') {
    if ((values.name === undefined) === (values.id === undefined)) {
      io.err(`doorlist gateway: device:revoke needs --name or --id (one of them)\n${USAGE}`);
      return 2;
    }
    if (values.id !== undefined && !/^\d+$/.test(values.id)) {
      io.err('doorlist gateway: --id must be a device number (see npm run device:list)');
      return 2;
    }
    const store = openSqliteStore(dbFile);
    try {
      const revoked = await revokeDevice(store, values.id !== undefined ? { id: Number(values.id) } : { name: values.name ?? '' });
      if (!revoked) {
        io.err(`doorlist gateway: no live device ${values.id !== undefined ? `with id ${values.id}` : `named "${values.name}"`} (see npm run device:list)`);
        return 1;
      }
      io.out(`Revoked "${revoked.name}" (device ${revoked.id}). Its requests are refused from now on; a running gateway ends its event stream within seconds.`);
      io.out('The device keeps its unsent scans: export them in Activity, or collect the device.');
      return 0;
    } finally {
      await store.close();
    }
  }

  if (command === 'guests:import') {
    if (!values.file || !values.occurrence) {
      io.err(`doorlist gateway: guests:import needs --file <list.csv or .json> and --occurrence <YYYY-MM-DD> (the date of rows without one)\n${USAGE}`);
      return 2;
    }
    // The list belongs to the event the doors check in: the same event id as the gateway's.
    const setup = loadDeviceSetupConfig(values.config, env);
    if (!setup.ok) {
      io.err(`doorlist gateway: ${setup.error}`);
      return 2;
    }
    const store = openSqliteStore(dbFile);
    try {
      return await importGuestFile(store, { file: values.file, occurrence: values.occurrence, eventId: setup.config.tonic.eventId, at: clock().toISOString() }, io);
    } finally {
      await store.close();
    }
  }

  io.err(`doorlist gateway: unknown command "${command ?? ''}"\n${USAGE}`);
  return 2;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2), process.env, { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('doorlist gateway: failed:', error);
      process.exit(1);
    },
  );
}
