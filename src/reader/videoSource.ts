// The few media-element and track calls the camera needs. They were @zxing/browser's static helpers, whose import
// brought all of @zxing/library (477 KB of script) onto the scan screen for five one-liners.

/** Shows the camera's stream in the video element and starts it; false when the browser refused to play. */
export async function attachStream(video: HTMLVideoElement, stream: MediaStream): Promise<boolean> {
  video.srcObject = stream;
  if (video.currentTime > 0 && !video.paused && video.readyState > HTMLMediaElement.HAVE_CURRENT_DATA) return true;
  try {
    await video.play();
    return true;
  } catch (error) {
    // Autoplay refused (no gesture yet) or a newer stream replaced this one: the session decodes once it plays.
    console.warn('[doorlist] camera: the video would not play', error);
    return false;
  }
}

/** Lets go of the stream the element shows. */
export function detachStream(video: HTMLVideoElement): void {
  video.srcObject = null;
  video.removeAttribute('src');
}

/** The torch where the camera has one (`torch` is in the Image Capture draft, not yet in TypeScript's DOM types). */
export async function setTorch(track: MediaStreamTrack, on: boolean): Promise<void> {
  await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
}

/** Cameras this device has; their labels appear once camera permission was given. */
export async function listVideoInputs(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  return (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'videoinput');
}
