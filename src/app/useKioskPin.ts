// Checks the kiosk PIN with the device-wide wrong-PIN lockout, kept in localStorage so a reload does not give five more tries.
import { useCallback, useEffect, useState } from 'react';
import { verifyPin } from '../settings/kioskPin.ts';
import { afterRightPin, afterWrongPin, describeLockout, lockoutLeftMs, parseLockout, type PinLockoutState } from '../settings/pinLockout.ts';

const LOCKOUT_KEY = 'doorlist-kiosk-pin-lockout';
const TICK_MS = 1_000;

function readLockout(): PinLockoutState {
  try {
    return parseLockout(window.localStorage.getItem(LOCKOUT_KEY));
  } catch (error) {
    console.warn('[doorlist] kiosk PIN: could not read the lockout', error);
    return parseLockout(null);
  }
}

function writeLockout(state: PinLockoutState): void {
  try {
    window.localStorage.setItem(LOCKOUT_KEY, JSON.stringify(state));
  } catch (error) {
    // Without storage the lockout still holds for this page's life (it is also in React state).
    console.warn('[doorlist] kiosk PIN: could not store the lockout', error);
  }
}

export interface PinCheck {
  /** Resolves true for the right PIN; a wrong one counts towards the lockout, and a locked device checks nothing. */
  check: (pin: string) => Promise<boolean>;
  /** "Wrong PIN. 4 tries left…" or "Too many wrong PINs. Try again in 2 minutes. …"; null when there is nothing to say. */
  message: string | null;
  locked: boolean;
  busy: boolean;
}

/** `now` is the clock the lockout runs on (the page's, unless a caller brings its own). */
export function useKioskPinCheck(pinHash: string | null, now: () => number = Date.now): PinCheck {
  const [lockout, setLockout] = useState(readLockout);
  const [nowMs, setNowMs] = useState(now);
  const [busy, setBusy] = useState(false);
  const locked = lockoutLeftMs(lockout, nowMs) > 0;

  useEffect(() => {
    if (!locked) return;
    // The countdown in words, and the moment the keypad opens again.
    const timer = window.setInterval(() => setNowMs(now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, [locked, now]);

  const check = useCallback(
    async (pin: string) => {
      // Another prompt (or tab) may have counted wrong tries since this one opened.
      const current = readLockout();
      if (lockoutLeftMs(current, now()) > 0) {
        setLockout(current);
        setNowMs(now());
        return false;
      }
      setBusy(true);
      try {
        const right = pinHash !== null && (await verifyPin(pin, pinHash));
        const next = right ? afterRightPin() : afterWrongPin(current, now());
        writeLockout(next);
        setLockout(next);
        setNowMs(now());
        return right;
      } finally {
        setBusy(false);
      }
    },
    [pinHash, now],
  );

  return { check, message: describeLockout(lockout, nowMs), locked, busy };
}
