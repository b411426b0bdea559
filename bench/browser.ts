// Launching Debian's Chromium for the benchmarks (never a downloaded browser), optionally with a fake camera playing a Y4M file.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeCameraArgs } from '../e2e/support/chromium.ts';

export { CHROMIUM_PATH };

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
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...(video ? fakeCameraArgs(video) : [])] });
}
