// Offers a new version of the app, applied only when no scan is waiting to be sent and no verdict is on screen
// (a reload never interrupts the door).
import { useLiveQuery } from 'dexie-react-hooks';
import { countWaiting } from '../outbox/outbox.ts';
import { useServices } from './servicesContext.ts';

export function UpdatePrompt({ apply, verdictOnScreen }: { apply: () => void; verdictOnScreen: boolean }) {
  const { db } = useServices();
  const waiting = useLiveQuery(() => countWaiting(db), [db], 1);
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
