// A Chromium on a profile directory of our own, launched like playwright.config.ts, that a test can kill hard and relaunch.
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type BrowserContext } from '@playwright/test';
import { E2E_PORT } from '../../playwright.config.ts';
import { VIDEO_PATH } from '../fixtures/doorVideo.ts';
import { CHROMIUM_ARGS, CHROMIUM_ENV, CHROMIUM_PATH, fakeCameraArgs } from './chromium.ts';

export async function launchOnProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    env: CHROMIUM_ENV,
    args: [...CHROMIUM_ARGS, ...fakeCameraArgs(VIDEO_PATH)],
    permissions: ['camera'],
    viewport: { width: 412, height: 860 },
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
  });
}

interface ChromiumProcess {
  pid: number;
  /** The browser process itself; the others (renderer, GPU, utility, zygote) carry `--type=`. */
  main: boolean;
}

/** Chromium processes started on `userDataDir`, found by their command line in /proc (Linux). */
export function processesOnProfile(userDataDir: string): ChromiumProcess[] {
  const found: ChromiumProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // the process ended while we looked
    }
    if (!args.includes(`--user-data-dir=${userDataDir}`)) continue;
    found.push({ pid: Number(name), main: !args.some((arg) => arg.startsWith('--type=')) });
  }
  return found;
}

/**
 * SIGKILL to the browser process: no unload, no IndexedDB close, no goodbye to Playwright, like a phone whose app is
 * killed. Then waits for every process of that profile to be gone (children of a killed browser go on their own;
 * any that linger are ours, launched above, and are killed by pid).
 */
export async function killBrowserHard(userDataDir: string): Promise<number> {
  const main = processesOnProfile(userDataDir).filter((process) => process.main);
  if (main.length !== 1) throw new Error(`expected one browser process on ${userDataDir}, found ${JSON.stringify(main)}`);
  const pid = main[0]!.pid;
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (processesOnProfile(userDataDir).length > 0) {
    if (Date.now() > deadline) {
      for (const left of processesOnProfile(userDataDir)) {
        try {
          process.kill(left.pid, 'SIGKILL');
        } catch {
          // ESRCH: it ended between the listing and the kill, which is what we wanted
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pid;
}
