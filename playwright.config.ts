// End-to-end: Debian's Chromium with a fake camera fed a generated ticket video, against the real demo backend.
import { defineConfig } from '@playwright/test';
import { VIDEO_PATH } from './e2e/fixtures/doorVideo.ts';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 4873);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
    command: `npx tsx server/main.ts --port ${E2E_PORT} --host 127.0.0.1 --controls`,
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
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${VIDEO_PATH}`,
      ],
    },
  },
  projects: [{ name: 'door-camera' }],
});
