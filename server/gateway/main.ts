// CLI: `npm run gateway -- [--config gateway.config.json] [--port 8788] [--host 127.0.0.1] [--dist dist] [--api-only]` runs the gateway.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadGatewayConfig } from './config.ts';
import { consoleSink, silentSink } from './gatewayLog.ts';
import { startGatewayServer } from './gatewayServer.ts';
import { openSqliteStore } from './sqliteStore.ts';

export const DEFAULT_GATEWAY_PORT = 8788;

export interface GatewayCliOptions {
  config: string | undefined;
  port: number;
  host: string;
  distDir: string | null;
  quiet: boolean;
}

export function parseGatewayArgs(argv: readonly string[], env: NodeJS.ProcessEnv): GatewayCliOptions | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        dist: { type: 'string' },
        'api-only': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const portText = values.port ?? env.PORT ?? String(DEFAULT_GATEWAY_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) return { error: `--port must be a number from 0 to 65535, not "${portText}"` };
  return {
    config: values.config,
    port: Number(portText),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    distDir: values['api-only'] ? null : path.resolve(values.dist ?? 'dist'),
    quiet: values.quiet,
  };
}

async function main(): Promise<void> {
  const options = parseGatewayArgs(process.argv.slice(2), process.env);
  if ('error' in options) {
    console.error(`doorlist gateway: ${options.error}`);
    process.exit(2);
  }
  const loaded = loadGatewayConfig(options.config, process.env);
  if (!loaded.ok) {
    console.error(`doorlist gateway: ${loaded.error}`);
    process.exit(2);
  }
  for (const warning of loaded.warnings) console.error(`doorlist gateway: WARNING: ${warning}`);
  const { config } = loaded;
  if (options.distDir !== null && !existsSync(path.join(options.distDir, 'index.html'))) {
    console.error(`doorlist gateway: no built app in ${options.distDir} (index.html is missing). Run \`npm run build\` first, or pass --api-only.`);
    process.exit(1);
  }

  const store = openSqliteStore(config.database);
  const live = (await store.listDevices()).filter((device) => device.revokedAt === null).length;
  const server = await startGatewayServer({
    config,
    store,
    port: options.port,
    host: options.host,
    ...(options.distDir !== null ? { distDir: options.distDir } : {}),
    logSink: options.quiet ? silentSink : consoleSink,
  });
  // Hosts only: the upstream URLs carry no secret, but there is no reason to print more than where they are.
  console.log(`Doorlist gateway is running at ${server.url}/`);
  console.log(`Tonic: ${new URL(config.tonic.url).host}; RunSignup: ${config.runsignup ? new URL(config.runsignup.url).host : 'not configured'}`);
  console.log(
    `Guest list: ${config.dmn ? `DesignMyNight at ${new URL(config.dmn.url).host}, every ${config.guestList.refreshMinutes} min` : 'no DesignMyNight settings (npm run guests:import brings a file)'}`,
  );
  console.log(`Store: ${config.database === ':memory:' ? 'in memory' : path.resolve(config.database)} (${live} live device${live === 1 ? '' : 's'})`);
  if (live === 0) console.log('Enrol a door: npm run device:add -- --name "North gate 1" --origin https://<where devices reach this gateway>');

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) process.exit(1);
    closing = true;
    console.log(`Received ${signal}, closing.`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('doorlist gateway: error while closing:', error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error('doorlist gateway: failed to start:', error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
