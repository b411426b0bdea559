// A second demo server, started as `npm start` starts it (server/main.ts), on a free port with its own environment: for
// specs that need another app origin or another DOORLIST_CONNECT_SRC than the Playwright webServer's.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface DemoServerProcess {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  close(): Promise<void>;
}

export function startDemoServerProcess(env: Record<string, string>, port = 0): Promise<DemoServerProcess> {
  const distDir = path.resolve(process.env.E2E_DIST ?? 'dist');
  // node itself (not npx) so the pid is the server's and a SIGTERM reaches it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--host', '127.0.0.1', '--dist', distDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /Doorlist demo is running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (!running) return;
      child.stdout.off('data', onData);
      resolve({
        origin: running[1]!,
        close: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code}) before it was running:\n${output}`)));
  });
}
