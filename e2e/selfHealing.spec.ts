// The all-day kiosk heals itself (issue 14): a decoder worker killed mid-run is restarted and the next code is read
// within 2 s; a camera that ends by itself brings a sentence and the Start camera button back.
import { expect, test, type Page } from '@playwright/test';
import { SECOND_TICKET_ID, SEED_TICKET_ID } from './fixtures/doorVideo.ts';
import { liveCameraTracks, recordCameraStreams } from './support/cameraProbe.ts';
import { Emulator } from './support/emulator.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const MEASURE = 'doorlist:frame-to-verdict';
/** The door video shows each ticket 1.2 s, then 0.8 s of empty scene (e2e/fixtures/doorVideo.ts). */
const TICKET_SLOT_MS = 2_000;
const TICKET_SHOWN_MS = 1_200;

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});

async function openScanner(page: Page, deviceName: string) {
  const setup = new SetupPage(page);
  await setup.open(setupLinkFor(deviceName));
  await setup.expectDone(deviceName);
  await setup.startScanning();
  return new ScanPage(page);
}

/** Keeps every Worker the page makes on `window.__doorlistWorkers`, so the test can kill the decoder (nothing in the app exposes it). */
async function recordWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const workers: { name: string; worker: Worker; madeAt: number }[] = [];
    (window as unknown as { __doorlistWorkers: typeof workers }).__doorlistWorkers = workers;
    const RealWorker = window.Worker;
    window.Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        workers.push({ name: options?.name ?? '', worker: this, madeAt: performance.now() });
      }
    };
  });
}

const decoderWorkers = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __doorlistWorkers: { name: string; madeAt: number }[] }).__doorlistWorkers.filter((each) => each.name === 'doorlist-decoder').map((each) => each.madeAt),
  );

const measures = (page: Page) =>
  page.evaluate((name) => performance.getEntriesByName(name, 'measure').map((entry) => ({ startTime: entry.startTime, duration: entry.duration })), MEASURE);

test('the decoder worker killed mid-run is restarted, and the next code is read within 2 s', async ({ page }) => {
  await recordWorkers(page);
  const scan = await openScanner(page, 'Healing door');
  await scan.expectCameraRunning();
  await expect(scan.recentScan({ ticket: SEED_TICKET_ID })).toHaveCount(1);
  expect(await decoderWorkers(page)).toHaveLength(1);

  // Kill it as a crash would: terminate() says nothing to the page, pending decodes just never answer.
  const killedAt = await page.evaluate(() => {
    const workers = (window as unknown as { __doorlistWorkers: { name: string; worker: Worker }[] }).__doorlistWorkers;
    workers.filter((each) => each.name === 'doorlist-decoder').at(-1)!.worker.terminate();
    return performance.now();
  });

  await expect(scan.recentScan({ ticket: SECOND_TICKET_ID })).toHaveCount(1, { timeout: 10_000 });
  const workers = await decoderWorkers(page);
  expect(workers).toHaveLength(2); // restarted, not replaced by the slower page decoder
  // The second ticket's verdict: the first measure of a frame shown after the kill (the seed is not read again while in view).
  await expect.poll(async () => (await measures(page)).some((entry) => entry.startTime > killedAt)).toBe(true);
  const second = (await measures(page)).find((entry) => entry.startTime > killedAt)!;
  // The kill came during the seed's slot, so the second ticket came into view at most one slot later, and it is read in
  // that first showing (else the next chance is a whole video loop later). It was in view at most 1.2 s before the
  // frame that was read, so this bounds the time from "shown" to "on screen" from above.
  expect(second.startTime - killedAt).toBeLessThan(TICKET_SLOT_MS + TICKET_SHOWN_MS);
  const shownToVerdictMs = second.startTime + second.duration - Math.max(killedAt, second.startTime - TICKET_SHOWN_MS);
  console.log(
    `  worker restarted ${(workers[1]! - killedAt).toFixed(0)} ms after the kill; next code read from a frame ${(second.startTime - killedAt).toFixed(0)} ms after it, on screen ${second.duration.toFixed(0)} ms later; at most ${shownToVerdictMs.toFixed(0)} ms from shown to verdict`,
  );
  expect(shownToVerdictMs).toBeLessThan(2_000);
  await expect(page.getByText(/Point the camera at the ticket's code · doorlist/)).toBeVisible();
  await expect(page.getByTestId('decoder-health')).toHaveCount(0);
});

test('a camera that ends by itself (unplugged, permission taken away) says so and offers Start camera', async ({ page }) => {
  await recordCameraStreams(page);
  const scan = await openScanner(page, 'Unplugged door');
  await scan.expectCameraRunning();
  await page.evaluate(() => {
    const streams = (window as unknown as { __doorlistStreams: MediaStream[] }).__doorlistStreams;
    const track = streams.at(-1)!.getVideoTracks()[0]!;
    // stop() from the page does not fire `ended` (per spec it fires only when the browser or device ends the track),
    // so the test stops it and dispatches the event an unplugged camera would bring.
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  const problem = page.getByRole('alert').filter({ hasText: 'The camera stopped' });
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('Tap Start camera');
  await expect.poll(() => page.getByTestId('camera-video').evaluate((video: HTMLVideoElement) => video.srcObject)).toBeNull(); // no frozen picture
  await page.screenshot({ path: 'e2e/.artifacts/screens/camera-ended.png' });
  await page.getByRole('button', { name: 'Start camera' }).click();
  await scan.expectCameraRunning();
  expect((await liveCameraTracks(page)).live).toBe(1);
});
