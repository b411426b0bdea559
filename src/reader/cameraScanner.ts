// The camera's read pipeline, put together: a camera session decoding frames with the given engine, and the repeat
// filter, so a code held in front of the camera is read once and the screen hears each new code with its frame's time.
import type { BarcodeEngine } from './barcodeEngine.ts';
import { startCameraSession, type CameraSession, type CameraSessionOptions } from './cameraSession.ts';
import { createRepeatFilter } from './repeatFilter.ts';

export interface CameraScannerOptions extends CameraSessionOptions {
  /** The clock the repeat filter reads (performance.now in a page). */
  now: () => number;
  onDecodeError: (error: unknown) => void;
}

export function startCameraScanner(video: HTMLVideoElement, decoder: BarcodeEngine, onText: (text: string, frameAt: number) => void, options: CameraScannerOptions): Promise<CameraSession> {
  const { now, onDecodeError, ...sessionOptions } = options;
  const accept = createRepeatFilter(now);
  return startCameraSession(
    video,
    decoder,
    (codes, frameAt) => {
      for (const code of codes) if (accept(code.text)) onText(code.text, frameAt);
    },
    onDecodeError,
    sessionOptions,
  );
}
