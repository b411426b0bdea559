// Through the fake camera against the real app: frame-to-verdict latency, and a burst of 50 tickets at 2 a second.
import type { Page } from '@playwright/test';
import { newDeviceContext, startScanning, storedScans, type StoredScan } from './appDevice.ts';
import { launchChromium } from './browser.ts';
import { BURST_TAIL_MS, type CameraVideo } from './cameraVideos.ts';
import type { DemoServer } from './demoServer.ts';
import { count, median, ms, percentile, type Figures } from './figures.ts';

export const FRAME_TO_VERDICT_MEASURE = 'doorlist:frame-to-verdict';
const POLL_MS = 2_000;
const AFTER_LOOP_MS = 2_000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export class MissingMeasureError extends Error {
  override readonly name = 'MissingMeasureError';
}

async function withAppPage<T>(video: CameraVideo, server: DemoServer, deviceName: string, run: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launchChromium(video.path);
  try {
    const page = await (await newDeviceContext(browser)).newPage();
    page.on('pageerror', (error) => console.error(`  [app page error] ${error.message}`));
    await server.reset();
    await startScanning(page, server.origin, deviceName);
    return await run(page);
  } finally {
    await browser.close();
  }
}

const measureDurations = (page: Page) =>
  page.evaluate((name) => performance.getEntriesByName(name, 'measure').map((entry) => entry.duration), FRAME_TO_VERDICT_MEASURE);

/** Every verdict of the first pass of the video: the app's own measure from the decoded frame's presentation to the painted verdict. */
export async function runFrameToVerdict(server: DemoServer, video: CameraVideo): Promise<Figures> {
  const durations = await withAppPage(video, server, 'Bench door latency', async (page) => {
    const deadline = Date.now() + video.loopMs + AFTER_LOOP_MS;
    // Polling is one cheap call every 2 s, so it hardly disturbs what it measures.
    while (Date.now() < deadline && (await measureDurations(page)).length < video.tickets.length) await sleep(POLL_MS);
    const found = await measureDurations(page);
    const scans = await storedScans(page);
    const admitted = new Set(scans.filter((scan) => scan.verdict.kind === 'admitted').map((scan) => scan.ticketId));
    console.log(`  frame-to-verdict: ${found.length} measures, ${admitted.size}/${video.tickets.length} tickets admitted`);
    return found;
  });
  if (durations.length === 0) {
    throw new MissingMeasureError(`the app recorded no "${FRAME_TO_VERDICT_MEASURE}" performance measures (is it in src/ yet?)`);
  }
  return {
    frame_to_verdict_median_ms: ms(median(durations)),
    frame_to_verdict_p95_ms: ms(percentile(durations, 0.95)),
    frame_to_verdict_samples: count(durations.length),
  };
}

/** Camera scans of the video's first pass only: the loop start is estimated from when each ticket's slot began. */
export function firstPassScans(scans: readonly StoredScan[], video: CameraVideo): StoredScan[] {
  const slot = new Map(video.tickets.map((ticket, index) => [ticket, index]));
  const camera = scans.filter((scan) => scan.input === 'camera');
  const slotStarts = camera
    .filter((scan) => scan.ticketId !== null && slot.has(scan.ticketId))
    .map((scan) => Date.parse(scan.scannedAt) - slot.get(scan.ticketId!)! * video.showMs);
  if (slotStarts.length === 0) return [];
  const loopStart = Math.min(...slotStarts); // never earlier than the true start: a ticket is read after its slot begins
  const passEnd = loopStart + video.tickets.length * video.showMs + BURST_TAIL_MS / 2; // the middle of the empty tail
  return camera.filter((scan) => Date.parse(scan.scannedAt) < passEnd);
}

export async function runBurst(server: DemoServer, video: CameraVideo): Promise<Figures> {
  const scans = await withAppPage(video, server, 'Bench door burst', async (page) => {
    await sleep(video.loopMs + AFTER_LOOP_MS); // the whole first pass has played
    return storedScans(page);
  });
  const pass = firstPassScans(scans, video);
  const expected = new Set(video.tickets);
  const admitted = new Set(pass.filter((scan) => scan.verdict.kind === 'admitted' && expected.has(scan.ticketId ?? '')).map((scan) => scan.ticketId));
  const perTicket = new Map<string, number>();
  for (const scan of pass) if (scan.ticketId !== null) perTicket.set(scan.ticketId, (perTicket.get(scan.ticketId) ?? 0) + 1);
  const doubles = [...perTicket.values()].filter((times) => times > 1).length;
  const strangers = pass.filter((scan) => !expected.has(scan.ticketId ?? ''));
  console.log(`  burst: ${pass.length} camera scans in the first pass (${scans.length} in all); ${admitted.size} admitted, ${doubles} twice, ${strangers.length} not from the video`);
  if (strangers.length > 0) console.log(`    not from the video: ${strangers.map((scan) => `${scan.ticketId} (${scan.verdict.kind})`).join(', ')}`);
  return {
    burst_verdicts: count(admitted.size),
    burst_missed: count(video.tickets.length - admitted.size),
    burst_double: count(doubles),
  };
}
