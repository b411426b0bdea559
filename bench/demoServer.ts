// Runs the demo backend (the real Tonic/RunSignup emulator serving the built app) on a free port for the camera benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { APP_DIST, REPO_DIR } from './build.ts';

const STARTED = /Doorlist demo is running at (http:\/\/\S+?)\/?\s*$/m;
const START_TIMEOUT_MS = 60_000;

export interface DemoServer {
  origin: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export function startDemoServer(): Promise<DemoServer> {
  // Its own process group, so stopping it also stops the node child that npx starts.
  const child: ChildProcess = spawn('npx', ['tsx', 'server/main.ts', '--port', '0', '--host', '127.0.0.1', '--controls', '--dist', APP_DIST], {
    cwd: REPO_DIR,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid, 'SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the demo server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = STARTED.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const origin = match[1];
      resolve({
        origin,
        stop,
        async reset() {
          const response = await fetch(`${origin}/__control/reset`, { method: 'POST' });
          if (!response.ok) throw new Error(`emulator reset failed: HTTP ${response.status}`);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo server exited (code ${code}) before it started:\n${output}`));
    });
  });
}
