// The pre-doors camera check in a browser: open a camera, wait for its first picture in an unattached video, let it go.
import type { CameraProbe } from './preDoorsCheck.ts';

/** Null when the browser has no camera API at all (an old browser, or an insecure page). */
export function browserCameraProbe(media: MediaDevices | undefined): CameraProbe | null {
  if (!media?.getUserMedia) return null;
  return {
    async open() {
      const stream = await media.getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' } } });
      return {
        firstFrame: (timeoutMs) => firstFrameOf(stream, timeoutMs),
        stop: () => {
          for (const track of stream.getTracks()) track.stop();
        },
      };
    },
  };
}

/** The size of the first picture the stream shows, or null when none comes in time. */
async function firstFrameOf(stream: MediaStream, timeoutMs: number): Promise<{ width: number; height: number } | null> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  const events = ['loadeddata', 'playing', 'timeupdate'] as const;
  let onEvent = () => undefined as void;
  try {
    return await new Promise<{ width: number; height: number } | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      // A frame is there once the element has current data with a size; a video never attached to the page still decodes.
      onEvent = () => {
        if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
          clearTimeout(timer);
          resolve({ width: video.videoWidth, height: video.videoHeight });
        }
      };
      for (const name of events) video.addEventListener(name, onEvent);
      video.play().catch((error: unknown) => console.warn('[doorlist] pre-doors check: the camera video would not play', error));
    });
  } finally {
    for (const name of events) video.removeEventListener(name, onEvent);
    video.pause();
    video.srcObject = null;
  }
}
