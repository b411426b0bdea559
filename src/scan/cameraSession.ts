// Camera -> frames -> engine: opens the rear camera (through @zxing/browser's media helpers), decodes one frame at a time.
import { BrowserCodeReader } from '@zxing/browser';
import type { BarcodeEngine, DecodedCode } from './barcodeEngine.ts';

export type CameraProblem = 'permission' | 'noCamera' | 'inUse' | 'insecure' | 'unsupported' | 'failed';

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem, message: string) {
    super(message);
    this.name = 'CameraError';
  }
}

export interface CameraSession {
  stop(): void;
}

const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
};

function toCameraError(error: unknown): CameraError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraError('permission', 'Camera permission was refused.');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new CameraError('noCamera', 'No camera was found on this device.');
  if (name === 'NotReadableError' || name === 'AbortError') return new CameraError('inUse', 'The camera is in use by another app or tab.');
  return new CameraError('failed', `The camera could not start (${error instanceof Error ? error.message : String(error)}).`);
}

export async function startCameraSession(
  video: HTMLVideoElement,
  engine: BarcodeEngine,
  onCodes: (codes: DecodedCode[], frameAt: number) => void,
  onDecodeError: (error: unknown) => void,
): Promise<CameraSession> {
  if (!window.isSecureContext) throw new CameraError('insecure', 'The camera needs a secure (https) address.');
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unsupported', 'This browser cannot use the camera.');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  } catch (error) {
    throw toCameraError(error);
  }

  let stopped = false;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const stopTracks = () => {
    for (const track of stream.getTracks()) track.stop();
    BrowserCodeReader.cleanVideoSource(video);
  };
  if (!context) {
    stopTracks();
    throw new CameraError('unsupported', 'This browser cannot read camera frames.');
  }
  BrowserCodeReader.addVideoSource(video, stream);
  await BrowserCodeReader.tryPlayVideo(video);

  const scheduleNext = () => {
    if (stopped) return;
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => void decodeFrame());
    else requestAnimationFrame(() => void decodeFrame());
  };

  // One frame in flight: the next frame is requested only after this one is decoded, so a slow device skips frames instead of queueing them.
  const decodeFrame = async () => {
    if (stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const frameAt = performance.now();
      if (canvas.width !== video.videoWidth) canvas.width = video.videoWidth;
      if (canvas.height !== video.videoHeight) canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      try {
        const codes = await engine.decode(context.getImageData(0, 0, canvas.width, canvas.height));
        if (codes.length > 0 && !stopped) onCodes(codes, frameAt);
      } catch (error) {
        onDecodeError(error);
      }
    }
    scheduleNext();
  };
  scheduleNext();

  return {
    stop() {
      stopped = true;
      stopTracks();
    },
  };
}
