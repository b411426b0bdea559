// The verdict over the camera: colour, icon and words, plus what the device and RunSignup know of the guest.
import type { VerdictView } from './describeVerdict.ts';

export interface VerdictOverlayProps {
  view: VerdictView;
  guestName: string | null;
  reference: string | null;
  serverNote: string | null;
  windowCount: { count: number; fetchedAt: string } | null;
  onDismiss: () => void;
}

export function VerdictOverlay({ view, guestName, reference, serverNote, windowCount, onDismiss }: VerdictOverlayProps) {
  return (
    <div className={`verdict verdict-${view.tone}`} role="status" aria-live="assertive" data-testid="verdict" data-tone={view.tone} onClick={onDismiss}>
      <div className="verdict-icon" aria-hidden="true">
        {view.icon}
      </div>
      <div className="verdict-title">{view.title}</div>
      {view.detail && <div className="verdict-detail">{view.detail}</div>}
      {(guestName || reference) && (
        <div className="verdict-guest">
          {guestName}
          {guestName && reference ? ' · ' : ''}
          {reference}
        </div>
      )}
      {windowCount && (
        <div className="verdict-count" data-testid="window-count">
          RunSignup check-ins this window: {windowCount.count}
        </div>
      )}
      {serverNote && <div className="verdict-server">{serverNote}</div>}
    </div>
  );
}
