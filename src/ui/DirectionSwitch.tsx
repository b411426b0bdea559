// The In/Out switch: checking guests in (the default) or out (they may come back in later).
import type { ScanDirection } from '../engine/viewTypes.ts';

export function DirectionSwitch({ direction, onChange }: { direction: ScanDirection; onChange: (direction: ScanDirection) => void }) {
  return (
    <div className="direction-switch" role="radiogroup" aria-label="Scanning mode">
      <button type="button" role="radio" aria-checked={direction === 'in'} className={direction === 'in' ? 'selected' : ''} onClick={() => onChange('in')}>
        In
      </button>
      <button type="button" role="radio" aria-checked={direction === 'out'} className={direction === 'out' ? 'selected selected-out' : ''} onClick={() => onChange('out')}>
        Out
      </button>
    </div>
  );
}
