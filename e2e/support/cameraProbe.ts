// Init scripts for the page: record every camera stream the app opens, or make the camera fail a given way.
import type { Page } from '@playwright/test';

/** Keeps every MediaStream getUserMedia returns on `window.__doorlistStreams`, to count live tracks later. */
export async function recordCameraStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { __doorlistStreams: MediaStream[] }).__doorlistStreams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
  });
}

export async function liveCameraTracks(page: Page): Promise<{ opened: number; live: number }> {
  return page.evaluate(() => {
    const streams = (window as unknown as { __doorlistStreams: MediaStream[] }).__doorlistStreams;
    const tracks = streams.flatMap((stream) => stream.getVideoTracks());
    return { opened: streams.length, live: tracks.filter((track) => track.readyState === 'live').length };
  });
}

/** Makes getUserMedia fail with a DOMException of this name (NotAllowedError, NotReadableError, NotFoundError). */
export async function failCamera(page: Page, errorName: string): Promise<void> {
  await page.addInitScript((name) => {
    navigator.mediaDevices.getUserMedia = async () => {
      throw new DOMException('camera refused by the test', name);
    };
  }, errorName);
}

/** A stand-in BarcodeDetector (headless Linux Chromium has none) that "sees" `text` in every frame. */
export async function stubBarcodeDetector(page: Page, text: string): Promise<void> {
  await page.addInitScript((seen) => {
    class StubBarcodeDetector {
      static async getSupportedFormats() {
        return ['qr_code', 'code_128'];
      }
      async detect(source: ImageBitmap) {
        return source.width > 0 ? [{ rawValue: seen, format: 'qr_code' }] : [];
      }
    }
    (window as unknown as { BarcodeDetector: unknown }).BarcodeDetector = StubBarcodeDetector;
  }, text);
}
