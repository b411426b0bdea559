// Launching Debian's Chromium for the benchmarks (never a downloaded browser), optionally with a fake camera playing a Y4M file.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError';
}

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new BenchSetupError(`No Chromium at ${CHROMIUM_PATH}. Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
}

/** `video`: a Y4M file the fake camera plays in a loop for this whole launch. */
export function launchChromium(video?: string): Promise<Browser> {
  assertChromium();
  const cameraArgs = video
    ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]
    : [];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...BASE_ARGS, ...cameraArgs] });
}
