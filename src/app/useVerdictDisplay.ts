// Which verdict is on screen and for how long: the latest scan, cleared after a few seconds so the next guest starts clean.
import { useCallback, useEffect, useRef, useState } from 'react';

export const VERDICT_VISIBLE_MS = 4_000;

/** `frameAt`: presentation time of the camera frame the scan came from, to measure frame-to-verdict. */
export type Shown = { kind: 'scan'; scanId: string; frameAt: number | null } | { kind: 'notSaved'; message: string } | null;

export function useVerdictDisplay() {
  const [shown, setShown] = useState<Shown>(null);
  const timer = useRef<number | null>(null);
  const show = useCallback((next: Exclude<Shown, null>) => {
    setShown(next);
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setShown(null), VERDICT_VISIBLE_MS);
  }, []);
  const dismiss = useCallback(() => setShown(null), []);
  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);
  return { shown, show, dismiss };
}
