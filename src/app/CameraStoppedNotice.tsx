// What staff see when the camera could not start or stopped: why, what to do about it, and a button to try again.
import { cameraHelp, type CameraState } from './useCameraScanner.ts';

export function CameraStoppedNotice({ state, onStart }: { state: Extract<CameraState, { kind: 'stopped' }>; onStart: () => void }) {
  return (
    <div className="camera-problem" role="alert">
      <p>{state.message}</p>
      <p>{cameraHelp(state.problem)}</p>
      <button type="button" className="big-button" onClick={onStart}>
        Start camera
      </button>
    </div>
  );
}
