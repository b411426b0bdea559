// Wrong-PIN lockout: after 5 wrong tries every PIN check on this device is refused for a while, 30 s the first time and
// twice as long each time after (up to 15 minutes) until the right PIN is entered. Plain state in, state out.

export const MAX_WRONG_PINS = 5;
/** The first lockout; each later one (before a right PIN) is twice the one before. */
export const FIRST_LOCKOUT_MS = 30_000;
/** The longest lockout: long enough that guessing a 4-digit PIN takes weeks, short enough that a forgetful steward is not stuck for the night. */
export const MAX_LOCKOUT_MS = 15 * 60_000;

export interface PinLockoutState {
  /** Wrong tries since the last right one or the last lockout. */
  wrongTries: number;
  /** Epoch ms until which checks are refused; null: not locked. */
  lockedUntil: number | null;
  /** Lockouts since the last right PIN: how long the next one lasts. Missing in states stored before lockouts grew: none. */
  lockouts: number;
}

export const NO_LOCKOUT: PinLockoutState = { wrongTries: 0, lockedUntil: null, lockouts: 0 };

/** How long the lockout after `lockouts` earlier ones lasts: 30 s, 1 min, 2 min, 4 min, 8 min, then 15 min each. */
export const lockoutMs = (lockouts: number): number => Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** Math.min(Math.max(0, lockouts), 20));

/** Milliseconds left of a lockout at `nowMs` (0: the PIN may be tried). Never more than the lockout's own length: a clock set back must not lock staff out for hours. */
export const lockoutLeftMs = (state: PinLockoutState, nowMs: number): number =>
  state.lockedUntil === null ? 0 : Math.min(lockoutMs(state.lockouts - 1), Math.max(0, state.lockedUntil - nowMs));

export function afterWrongPin(state: PinLockoutState, nowMs: number): PinLockoutState {
  // A lockout that has run out starts a fresh count of five; the next lockout remembers how many came before.
  const wrongTries = (lockoutLeftMs(state, nowMs) === 0 && state.lockedUntil !== null ? 0 : state.wrongTries) + 1;
  if (wrongTries < MAX_WRONG_PINS) return { wrongTries, lockedUntil: null, lockouts: state.lockouts };
  return { wrongTries: 0, lockedUntil: nowMs + lockoutMs(state.lockouts), lockouts: state.lockouts + 1 };
}

export const afterRightPin = (): PinLockoutState => NO_LOCKOUT;

/** A wait in plain words: "30 seconds", "1 minute", "2 minutes" (a part minute counts as a whole one). */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1_000));
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

const LONGER_EACH_TIME = `The wait doubles each time, up to ${waitInWords(MAX_LOCKOUT_MS)}, until the right PIN is entered.`;

/** The words staff see after a wrong PIN, or while the lockout runs. */
export function describeLockout(state: PinLockoutState, nowMs: number): string | null {
  const leftMs = lockoutLeftMs(state, nowMs);
  if (leftMs > 0) return `Too many wrong PINs. Try again in ${waitInWords(leftMs)}. ${LONGER_EACH_TIME}`;
  if (state.wrongTries === 0) return null;
  const left = MAX_WRONG_PINS - state.wrongTries;
  return `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before a wait of ${waitInWords(lockoutMs(state.lockouts))}.`;
}

const countFrom = (value: unknown, below: number): number => (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < below ? value : 0);

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
  const { wrongTries, lockedUntil, lockouts } = value as Record<string, unknown>;
  const locked = typeof lockedUntil === 'number' && Number.isFinite(lockedUntil) ? lockedUntil : null;
  return {
    wrongTries: countFrom(wrongTries, MAX_WRONG_PINS),
    lockedUntil: locked,
    // A state stored before lockouts grew has a lock but no count: that lock was the first.
    lockouts: Math.max(countFrom(lockouts, 1_000), locked === null ? 0 : 1),
  };
}
