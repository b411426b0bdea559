// A gateway in front of the demo emulator, for tests, the e2e and the load test: its own port, a temporary database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type StartedServer } from '../createServer.ts';
import { emulatorUpstreamConfig, type ConfigOverrides } from '../demoSetupConfig.ts';
import { openResettableStore, resetGateway } from '../gatewayReset.ts';
import { startGatewayServer, type GatewayServerOptions, type StartedGateway } from '../gateway/gatewayServer.ts';

export interface GatewayOnEmulator {
  emulator: StartedServer;
  gateway: StartedGateway;
  /** The temporary folder holding the gateway's SQLite file. */
  dataDir: string;
  /** The gateway's clean slate (gatewayReset.ts): keeps only these devices. */
  reset(keepDeviceIds: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOnEmulatorOptions extends Omit<Partial<GatewayServerOptions>, 'config' | 'store'> {
  config?: ConfigOverrides;
  /** An emulator already running (e.g. the e2e's demo server); otherwise one is started and closed with the gateway. */
  emulatorUrl?: string;
  host?: string;
  port?: number;
}

/** Starts (if needed) an emulator with test controls, and a gateway on a free port with a fresh SQLite file in a temp folder. */
export async function startGatewayOnEmulator(options: GatewayOnEmulatorOptions = {}): Promise<GatewayOnEmulator> {
  // The emulator runs on the gateway's clock: its occurrences and reply dates then agree with what the gateway stamps.
  const ownEmulator =
    options.emulatorUrl === undefined ? await startServer({ controls: true, port: 0, host: '127.0.0.1', ...(options.clock ? { clock: options.clock } : {}) }) : null;
  const emulatorUrl = options.emulatorUrl ?? ownEmulator?.url ?? '';
  const dataDir = await mkdtemp(path.join(tmpdir(), 'doorlist-gateway-'));
  const config = emulatorUpstreamConfig(emulatorUrl, { database: path.join(dataDir, 'gateway.sqlite'), ...options.config });
  const { config: _overrides, emulatorUrl: _url, host, port, ...serverOptions } = options;
  const { store, database } = openResettableStore(config.database);
  const gateway = await startGatewayServer({ ...serverOptions, config, store, port: port ?? 0, host: host ?? '127.0.0.1' });
  return {
    emulator: ownEmulator ?? unmanagedEmulator(emulatorUrl),
    gateway,
    dataDir,
    reset: (keepDeviceIds) => resetGateway(gateway.gateway, database, keepDeviceIds),
    async close() {
      await gateway.close();
      if (ownEmulator) await ownEmulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An emulator this harness did not start: only its address is known here (its state lives in another process). */
function unmanagedEmulator(url: string): StartedServer {
  return {
    url,
    port: Number(new URL(url).port),
    get state(): never {
      throw new Error('the emulator runs in another process: read it through /__control');
    },
    close: async () => {},
  };
}
