// Wrong-PIN lockout: after 5 wrong tries, every PIN check on this device is refused for 30 s. Plain state in, state out.

export const MAX_WRONG_PINS = 5;
export const PIN_LOCKOUT_MS = 30_000;

export interface PinLockoutState {
  /** Wrong tries since the last right one or the last lockout. */
  wrongTries: number;
  /** Epoch ms until which checks are refused; null: not locked. */
  lockedUntil: number | null;
}

export const NO_LOCKOUT: PinLockoutState = { wrongTries: 0, lockedUntil: null };

/** Milliseconds left of a lockout at `nowMs` (0: the PIN may be tried). Never more than one lockout: a clock set back must not lock staff out for hours. */
export const lockoutLeftMs = (state: PinLockoutState, nowMs: number): number =>
  state.lockedUntil === null ? 0 : Math.min(PIN_LOCKOUT_MS, Math.max(0, state.lockedUntil - nowMs));

export function afterWrongPin(state: PinLockoutState, nowMs: number): PinLockoutState {
  // A lockout that has run out starts a fresh count of five.
  const wrongTries = (lockoutLeftMs(state, nowMs) === 0 && state.lockedUntil !== null ? 0 : state.wrongTries) + 1;
  return wrongTries >= MAX_WRONG_PINS ? { wrongTries: 0, lockedUntil: nowMs + PIN_LOCKOUT_MS } : { wrongTries, lockedUntil: null };
}

export const afterRightPin = (): PinLockoutState => NO_LOCKOUT;

/** The words staff see after a wrong PIN, or while the lockout runs. */
export function describeLockout(state: PinLockoutState, nowMs: number): string | null {
  const leftMs = lockoutLeftMs(state, nowMs);
  if (leftMs > 0) return `Too many wrong PINs. Try again in ${Math.ceil(leftMs / 1_000)} s.`;
  if (state.wrongTries === 0) return null;
  const left = MAX_WRONG_PINS - state.wrongTries;
  return `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before a 30 s wait.`;
}

/** Reads a stored state back; anything damaged counts as no lockout rather than locking staff out for good. */
export function parseLockout(stored: string | null): PinLockoutState {
  if (!stored) return NO_LOCKOUT;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return NO_LOCKOUT; // damaged storage: a fresh count is the safe side for staff, and the PIN still protects
  }
  if (typeof value !== 'object' || value === null) return NO_LOCKOUT;
  const { wrongTries, lockedUntil } = value as Record<string, unknown>;
  return {
    wrongTries: typeof wrongTries === 'number' && Number.isInteger(wrongTries) && wrongTries >= 0 && wrongTries < MAX_WRONG_PINS ? wrongTries : 0,
    lockedUntil: typeof lockedUntil === 'number' && Number.isFinite(lockedUntil) ? lockedUntil : null,
  };
}
