// The verdict over the camera: colour, icon and words, plus what the device and RunSignup know of the guest.
import { useEffect } from 'react';
import type { VerdictView } from './describeVerdict.ts';
import { recordFrameToVerdict } from './frameToVerdictMeasure.ts';

/** Counts older than a couple of minutes say so: another door may have checked the ticket in since. */
const countAge = (fetchedAt: string): string => {
  const minutes = Math.floor((Date.now() - Date.parse(fetchedAt)) / 60_000);
  return minutes >= 2 ? ` (as of ${minutes} min ago)` : '';
};

export interface VerdictOverlayProps {
  view: VerdictView;
  guestName: string | null;
  reference: string | null;
  /** The ticket type the guest list gives ("Adult"). */
  ticketType?: string | null;
  serverNote: string | null;
  windowCount: { count: number; fetchedAt: string } | null;
  onDismiss: () => void;
  /** Verify online first: whether this is the server's answer or the device's own decision. */
  checkNote?: string | null;
  /** Presentation time of the camera frame this verdict came from; measured once the verdict is painted. */
  frameAt?: number | null;
}

export function VerdictOverlay({ view, guestName, reference, ticketType = null, serverNote, windowCount, onDismiss, checkNote = null, frameAt = null }: VerdictOverlayProps) {
  useEffect(() => {
    if (frameAt === null) return;
    // rAF runs just before the paint; a task queued from it runs just after: that is "on screen".
    const frame = requestAnimationFrame(() => {
      setTimeout(() => recordFrameToVerdict(frameAt, performance.now()), 0);
    });
    return () => cancelAnimationFrame(frame);
  }, [frameAt]);
  return (
    <div className={`verdict verdict-${view.tone}`} role="status" aria-live="assertive" data-testid="verdict" data-tone={view.tone} onClick={onDismiss}>
      <div className="verdict-icon" aria-hidden="true">
        {view.icon}
      </div>
      <div className="verdict-title">{view.title}</div>
      {view.detail && <div className="verdict-detail">{view.detail}</div>}
      {view.checkId && (
        <div className="verdict-check-id" data-testid="verdict-check-id">
          {view.checkId}
        </div>
      )}
      {(guestName || reference || ticketType) && (
        <div className="verdict-guest" data-testid="verdict-guest">
          {[guestName, ticketType].filter(Boolean).join(' · ')}
          {reference && (guestName || ticketType) ? ' · ' : ''}
          {reference && <span className="verdict-reference">{reference}</span>}
        </div>
      )}
      {windowCount && (
        <div className="verdict-count" data-testid="window-count">
          RunSignup check-ins this window: {windowCount.count}
          {countAge(windowCount.fetchedAt)}
        </div>
      )}
      {checkNote && (
        <div className="verdict-check" data-testid="verdict-check">
          {checkNote}
        </div>
      )}
      {serverNote && <div className="verdict-server">{serverNote}</div>}
    </div>
  );
}

/** Verify online first, waiting: neutral on purpose (no verdict's colour, icon or sound), so nobody acts on it. */
export function CheckingOverlay({ timeoutMs }: { timeoutMs: number }) {
  return (
    <div className="verdict verdict-checking" role="status" aria-live="polite" data-testid="verdict-checking">
      <div className="verdict-icon checking-spinner" aria-hidden="true">
        …
      </div>
      <div className="verdict-title">Checking with the server…</div>
      <div className="verdict-detail">At most {(timeoutMs / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} s. Hold the guest a moment.</div>
    </div>
  );
}
