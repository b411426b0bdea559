// End-to-end: Debian's Chromium with a fake camera fed a generated ticket video, against the real demo backend.
import { defineConfig } from '@playwright/test';
import { VIDEO_PATH } from './e2e/fixtures/doorVideo.ts';
import { CHROMIUM_ARGS, CHROMIUM_ENV, CHROMIUM_PATH, fakeCameraArgs } from './e2e/support/chromium.ts';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 4873);
/** The built app to serve (`vite build --outDir <dir>`): lets two runs on one machine test two builds side by side. */
const E2E_DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1, // the specs share one emulator and its read-back log
  fullyParallel: false,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  globalSetup: './e2e/globalSetup.ts',
  webServer: {
    command: `npx tsx server/main.ts --port ${E2E_PORT} --host 127.0.0.1 --dist ${E2E_DIST} --controls`,
    url: `http://127.0.0.1:${E2E_PORT}/demo/tickets`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    permissions: ['camera'],
    viewport: { width: 412, height: 860 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      env: CHROMIUM_ENV,
      args: [...CHROMIUM_ARGS, ...fakeCameraArgs(VIDEO_PATH)],
    },
  },
  projects: [{ name: 'door-camera' }],
});
