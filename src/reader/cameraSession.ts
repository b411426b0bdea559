// Camera -> frames -> engine: opens a camera and decodes one frame at a time.
import type { BarcodeEngine, DecodedCode } from './barcodeEngine.ts';
import { attachStream, detachStream, listVideoInputs, setTorch } from './videoSource.ts';
import { createIdleGate, DEFAULT_IDLE_GATE, THUMBNAIL_HEIGHT, THUMBNAIL_WIDTH, thumbnailLuma, type IdleGateOptions } from './idleGate.ts';

export type CameraProblem = 'permission' | 'noCamera' | 'inUse' | 'insecure' | 'unsupported' | 'failed' | 'ended';

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem, message: string) {
    super(message);
    this.name = 'CameraError';
  }
}

export interface CameraSession {
  readonly deviceId: string | null;
  readonly torchAvailable: boolean;
  setTorch(on: boolean): Promise<void>;
  stop(): void;
}

export interface CameraSessionOptions {
  /** A specific camera; default: the rear camera where the device says which that is. */
  deviceId?: string | null;
  /** When a scene counts as empty, and how often an empty scene is still decoded. */
  idleGate?: IdleGateOptions;
  /** The camera ended by itself (unplugged, permission taken back): the session has stopped; nothing is read any more. */
  onEnded?: () => void;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (callback: (now: number, metadata: { presentationTime?: number }) => void) => number;
};

function constraintsFor(deviceId: string | null | undefined): MediaStreamConstraints {
  const size = { width: { ideal: 1280 }, height: { ideal: 720 } };
  return {
    audio: false,
    video: deviceId ? { deviceId: { exact: deviceId }, ...size } : { facingMode: { ideal: 'environment' }, ...size },
  };
}

function toCameraError(error: unknown): CameraError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraError('permission', 'Camera permission was refused.');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new CameraError('noCamera', 'No camera was found on this device.');
  if (name === 'NotReadableError' || name === 'AbortError') return new CameraError('inUse', 'The camera is in use by another app or tab.');
  return new CameraError('failed', `The camera could not start (${error instanceof Error ? error.message : String(error)}).`);
}

type TrackCapabilities = MediaTrackCapabilities & { torch?: boolean; focusMode?: string[] };

/** Continuous autofocus where the camera offers it: tickets come at all distances. */
async function preferContinuousFocus(track: MediaStreamTrack): Promise<void> {
  const capabilities = (track.getCapabilities?.() ?? {}) as TrackCapabilities;
  if (capabilities.focusMode?.includes('continuous')) {
    await track.applyConstraints({ advanced: [{ focusMode: 'continuous' } as MediaTrackConstraintSet] }).catch(() => undefined);
  }
}

export async function startCameraSession(
  video: HTMLVideoElement,
  engine: BarcodeEngine,
  onCodes: (codes: DecodedCode[], frameAt: number) => void,
  onDecodeError: (error: unknown) => void,
  options: CameraSessionOptions = {},
): Promise<CameraSession> {
  if (!window.isSecureContext) throw new CameraError('insecure', 'The camera needs a secure (https) address.');
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unsupported', 'This browser cannot use the camera.');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(constraintsFor(options.deviceId));
  } catch (error) {
    throw toCameraError(error);
  }
  const track = stream.getVideoTracks()[0];
  let stopped = false;
  const stopTracks = () => {
    for (const each of stream.getTracks()) each.stop();
    // A newer session may already own the video element: only detach our own stream.
    if (video.srcObject === stream) detachStream(video);
  };
  if (!track) {
    stopTracks();
    throw new CameraError('noCamera', 'The camera gave no video.');
  }
  track.addEventListener('ended', () => {
    if (stopped) return;
    stopped = true;
    stopTracks(); // no frozen last picture
    options.onEnded?.();
  });
  await preferContinuousFocus(track);
  await attachStream(video, stream);

  const gate = createIdleGate(() => performance.now(), options.idleGate ?? DEFAULT_IDLE_GATE);
  const thumbnailContext = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (thumbnailContext) {
    thumbnailContext.canvas.width = THUMBNAIL_WIDTH;
    thumbnailContext.canvas.height = THUMBNAIL_HEIGHT;
  }
  /** Decode this frame? While codes come, always; in an empty scene only when something moved. */
  const worthDecoding = (): boolean => {
    const decision = gate.next();
    if (decision !== 'check' || !thumbnailContext) return decision !== 'skip';
    thumbnailContext.drawImage(video, 0, 0, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
    return gate.shouldDecode(thumbnailLuma(thumbnailContext.getImageData(0, 0, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT).data));
  };
  const frameVideo = video as FrameCallbackVideo;

  const scheduleNext = () => {
    if (stopped) return;
    if (frameVideo.requestVideoFrameCallback) frameVideo.requestVideoFrameCallback((now, metadata) => void decodeFrame(metadata.presentationTime ?? now));
    else requestAnimationFrame((now) => void decodeFrame(now));
  };

  // One frame in flight: the next frame is asked for only after this one is decoded, so a slow device skips frames.
  const decodeFrame = async (frameAt: number) => {
    if (stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0 && worthDecoding()) {
      let frame: ImageBitmap | null = null;
      try {
        frame = await createImageBitmap(video);
        const codes = await engine.decode(frame);
        if (codes.length > 0 && !stopped) {
          gate.codeSeen();
          onCodes(codes, frameAt);
        }
      } catch (error) {
        if (!stopped) onDecodeError(error);
      } finally {
        frame?.close(); // a no-op when the frame was transferred to the decoder worker
      }
    }
    scheduleNext();
  };
  scheduleNext();

  const capabilities = (track.getCapabilities?.() ?? {}) as TrackCapabilities;
  return {
    deviceId: track.getSettings().deviceId ?? null,
    torchAvailable: capabilities.torch === true,
    setTorch: (on) => setTorch(track, on),
    stop() {
      stopped = true;
      stopTracks();
    },
  };
}

/** Cameras this device has (labels appear once permission was given). */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  try {
    return await listVideoInputs();
  } catch {
    return []; // no enumeration (old browser, no permission yet): the switch button simply stays hidden
  }
}
