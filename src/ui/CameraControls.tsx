// Buttons over the camera: pause or resume, switch camera (when there are several), torch (when the camera has one).
export interface CameraControlsProps {
  running: boolean;
  paused: boolean;
  canSwitch: boolean;
  torch: { available: boolean; on: boolean };
  onPause: () => void;
  onResume: () => void;
  onSwitch: () => void;
  onTorch: (on: boolean) => void;
}

export function CameraControls({ running, paused, canSwitch, torch, onPause, onResume, onSwitch, onTorch }: CameraControlsProps) {
  return (
    <div className="camera-controls">
      {running && (
        <button type="button" onClick={onPause}>
          Pause camera
        </button>
      )}
      {paused && (
        <button type="button" className="big-button" onClick={onResume}>
          Resume camera
        </button>
      )}
      {running && canSwitch && (
        <button type="button" onClick={onSwitch}>
          Switch camera
        </button>
      )}
      {running && torch.available && (
        <button type="button" aria-pressed={torch.on} onClick={() => onTorch(!torch.on)}>
          {torch.on ? 'Torch off' : 'Torch on'}
        </button>
      )}
    </div>
  );
}
