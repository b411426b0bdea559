// Which verdict is on screen and for how long: the latest scan, cleared after a few seconds so the next guest starts clean.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanRow } from '../engine/viewTypes.ts';

export const VERDICT_VISIBLE_MS = 4_000;

/** Verify online first: still waiting, the server's answer (the row as it was answered), or no answer in time. */
export type VerifyState = { kind: 'pending' } | { kind: 'answered'; row: ScanRow } | { kind: 'timeout' };

/**
 * `frameAt`: presentation time of the camera frame the scan came from, to measure frame-to-verdict.
 * `verify`: absent when the door does not verify online first, or there was nothing to wait for.
 */
export type Shown = { kind: 'scan'; scanId: string; frameAt: number | null; verify?: VerifyState } | { kind: 'notSaved'; message: string } | null;

const isPending = (shown: Shown): boolean => shown?.kind === 'scan' && shown.verify?.kind === 'pending';

export function useVerdictDisplay() {
  const [shown, setShown] = useState<Shown>(null);
  // Tells one showing from the next, even of the same thing (two "Scan NOT saved" in a row): each gets its sound.
  const [serial, setSerial] = useState(0);
  const current = useRef<Shown>(null);
  const timer = useRef<number | null>(null);
  const display = useCallback((next: Shown) => {
    current.current = next;
    setShown(next);
    setSerial((value) => value + 1);
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    // "Checking with the server…" is not a verdict: its few seconds start when the answer (or the deadline) comes.
    if (next !== null && !isPending(next)) {
      timer.current = window.setTimeout(() => {
        current.current = null;
        setShown(null);
      }, VERDICT_VISIBLE_MS);
    }
  }, []);
  const show = useCallback((next: Exclude<Shown, null>) => display(next), [display]);
  /** The wait for `scanId` ended; ignored when another guest's scan has replaced it meanwhile. */
  const settle = useCallback(
    (scanId: string, verify: Exclude<VerifyState, { kind: 'pending' }>) => {
      const now = current.current;
      if (now?.kind === 'scan' && now.scanId === scanId && isPending(now)) display({ ...now, verify });
    },
    [display],
  );
  const dismiss = useCallback(() => display(null), [display]);
  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);
  return { shown, shownKey: shown === null ? null : String(serial), show, settle, dismiss };
}
