// CPU seconds per minute of the whole browser while the camera looks at an empty room: the scan screen, and the camera alone.
import type { BrowserContext } from '@playwright/test';
import { newDeviceContext, startScanning } from './appDevice.ts';
import { launchChromium } from './browser.ts';
import type { CameraVideo } from './cameraVideos.ts';
import type { DemoServer } from './demoServer.ts';
import type { Figures } from './figures.ts';
import { launchedChromiumPid, treeCpuSeconds } from './processCpu.ts';

/** Longer than the scan loop's 3 s before it slows down to its idle rate, and past page start-up. */
const WARM_UP_MS = 6_000;
const WINDOW_MS = 30_000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function cpuSecondsPerMinute(browserPid: number): Promise<number> {
  await sleep(WARM_UP_MS);
  const cpuBefore = treeCpuSeconds(browserPid);
  const startedAt = performance.now();
  await sleep(WINDOW_MS);
  const cpu = treeCpuSeconds(browserPid) - cpuBefore;
  return cpu / ((performance.now() - startedAt) / 60_000);
}

/** One launch (one video): first a page that only shows the camera, then the app's scan screen, each in a fresh context. */
export async function runIdleCpu(server: DemoServer, harnessOrigin: string, video: CameraVideo): Promise<Figures> {
  const browser = await launchChromium(video.path);
  try {
    const browserPid = launchedChromiumPid();
    let context: BrowserContext = await newDeviceContext(browser);
    const cameraPage = await context.newPage();
    await cameraPage.goto(`${harnessOrigin}/camera.html`);
    await cameraPage.waitForSelector('body[data-camera]', { timeout: 30_000 });
    const cameraState = await cameraPage.evaluate(() => document.body.dataset.camera);
    if (cameraState !== 'running') throw new Error(`the camera-only page could not start the camera: ${cameraState}`);
    const cameraOnly = await cpuSecondsPerMinute(browserPid);
    await context.close();

    context = await newDeviceContext(browser);
    const appPage = await context.newPage();
    await server.reset();
    await startScanning(appPage, server.origin, 'Bench door idle');
    const scanning = await cpuSecondsPerMinute(browserPid);
    console.log(`  idle CPU: scan screen ${scanning.toFixed(2)} s/min, camera only ${cameraOnly.toFixed(2)} s/min`);
    return {
      idle_cpu_s_per_min: { value: Math.round(scanning * 100) / 100, unit: 's/min' },
      'idle_cpu_s_per_min.camera_only': { value: Math.round(cameraOnly * 100) / 100, unit: 's/min' },
    };
  } finally {
    await browser.close();
  }
}
