// CLI: `tsx server/main.ts [--port 8787] [--host 127.0.0.1] [--dist dist] [--controls]` runs the demo backend and app.
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './createServer.ts';
import { CONNECT_SRC_ENV, parseConnectSources } from './connectSources.ts';
import { demoSetupLink } from './demoSetupConfig.ts';

export { demoSetupConfig } from './demoSetupConfig.ts';

export interface CliOptions {
  port: number;
  host: string;
  distDir: string;
  controls: boolean;
  /** Extra `connect-src` sources from DOORLIST_CONNECT_SRC: where a direct setup's Tonic or RunSignup lives. */
  connectSources: string[];
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

/** Reads flags, then PORT/HOST from the environment, then defaults; returns a message instead of throwing. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        dist: { type: 'string' },
        controls: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const portText = values.port ?? env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return { error: `--port must be a number from 0 to 65535, not "${portText}"` };
  const connect = parseConnectSources(env[CONNECT_SRC_ENV]);
  if (!connect.ok) return { error: connect.error };
  return { port, host: values.host ?? env.HOST ?? DEFAULT_HOST, distDir: path.resolve(values.dist ?? 'dist'), controls: values.controls, connectSources: connect.sources };
}

/** What a person should type into a browser: a wildcard bind is shown as this machine's LAN address. */
export function displayHost(boundHost: string): string {
  if (boundHost !== '0.0.0.0' && boundHost !== '::') return boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
  return lan?.address ?? '127.0.0.1';
}

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if ('error' in options) {
    console.error(`doorlist demo: ${options.error}`);
    process.exit(2);
  }
  if (!existsSync(path.join(options.distDir, 'index.html'))) {
    console.error(`doorlist demo: no built app in ${options.distDir} (index.html is missing). Run \`npm run build\` first.`);
    process.exit(1);
  }

  const server = await startServer(options);
  const origin = `http://${displayHost(options.host)}:${server.port}`;
  // The setup link carries only the fixed demo credentials, which are public; real ones never reach this CLI.
  console.log(`Doorlist demo is running at ${origin}/`);
  console.log(`Set up this device: ${demoSetupLink(origin)}`);
  console.log(`Printable demo tickets: ${origin}/demo/tickets`);
  console.log(options.controls ? 'Test controls: on (/__control)' : 'Test controls: off');
  if (options.connectSources.length > 0) console.log(`The app may also connect to: ${options.connectSources.join(' ')} (${CONNECT_SRC_ENV})`);
  // The same demo backend through the Doorlist gateway (/api): the device holds a device token, never the API secrets.
  if (server.gateway) console.log(`Set up a device through the gateway: ${server.gateway.demoSetupLink(origin)}`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) process.exit(1); // a second Ctrl-C means "now"
    closing = true;
    console.log(`Received ${signal}, closing.`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('doorlist demo: error while closing:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

// Run only as the entry point, so tests and the e2e can import demoSetupConfig from here without starting a server.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error('doorlist demo: failed to start:', error);
    process.exit(1);
  });
}
