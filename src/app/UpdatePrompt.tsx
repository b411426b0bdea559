// Offers a new version of the app, applied only when no scan is waiting to be sent and no verdict is on screen
// (a reload never interrupts the door).
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';

export function UpdatePrompt({ apply, verdictOnScreen }: { apply: () => void; verdictOnScreen: boolean }) {
  const engine = useEngine();
  const waiting = useLive(() => engine.live.waiting(), [engine], 1);
  return (
    <div className="update-prompt" role="status">
      {waiting > 0 ? (
        <span>A new version is ready. It can be installed once all {waiting} waiting scans are sent.</span>
      ) : verdictOnScreen ? (
        <span>A new version is ready. It can be installed after this guest.</span>
      ) : (
        <>
          <span>A new version of Doorlist is ready.</span>
          <button type="button" onClick={apply}>
            Update now
          </button>
        </>
      )}
    </div>
  );
}
