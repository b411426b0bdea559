// Builds what the benchmarks load: the app (as the demo server serves it) and the decode harness page, into bench/.dist/.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const APP_DIST = fileURLToPath(new URL('./.dist/app', import.meta.url));
export const HARNESS_DIST = fileURLToPath(new URL('./.dist/harness', import.meta.url));
const HARNESS_ROOT = fileURLToPath(new URL('./harness', import.meta.url));

/** The app with the project's own Vite config (PWA included), into its own folder so dist/ of a parallel e2e run is left alone. */
export function buildApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--outDir', APP_DIST, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build of the app failed (exit ${code})`))));
  });
}

/** The harness pages (decode benchmark, camera-only reference, sync benchmark) with their .wasm files emitted beside them. */
export async function buildHarness(): Promise<void> {
  await build({
    root: HARNESS_ROOT,
    base: './',
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: HARNESS_DIST,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 4096, // the harness bundles every engine at once; its size does not matter
      rolldownOptions: { input: { index: `${HARNESS_ROOT}/index.html`, camera: `${HARNESS_ROOT}/camera.html`, sync: `${HARNESS_ROOT}/sync.html`, guestList: `${HARNESS_ROOT}/guestList.html` } },
    },
  });
}
