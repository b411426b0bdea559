// Wrong-PIN lockout: five wrong tries lock PIN checks for 30 s, then a fresh count; stored state read back safely.
import { describe, expect, it } from 'vitest';
import { afterRightPin, afterWrongPin, describeLockout, lockoutLeftMs, NO_LOCKOUT, parseLockout, PIN_LOCKOUT_MS, type PinLockoutState } from './pinLockout.ts';

const T0 = 1_800_000_000_000;

const wrongTimes = (count: number, nowMs = T0, from: PinLockoutState = NO_LOCKOUT): PinLockoutState => {
  let state = from;
  for (let index = 0; index < count; index += 1) state = afterWrongPin(state, nowMs);
  return state;
};

describe('PIN lockout', () => {
  it('counts down the tries left, then refuses for 30 s after the fifth wrong PIN', () => {
    expect(describeLockout(NO_LOCKOUT, T0)).toBeNull();
    expect(describeLockout(wrongTimes(1), T0)).toBe('Wrong PIN. 4 tries left before a 30 s wait.');
    expect(describeLockout(wrongTimes(4), T0)).toBe('Wrong PIN. 1 try left before a 30 s wait.');
    const locked = wrongTimes(5);
    expect(lockoutLeftMs(locked, T0)).toBe(PIN_LOCKOUT_MS);
    expect(describeLockout(locked, T0)).toBe('Too many wrong PINs. Try again in 30 s.');
    expect(describeLockout(locked, T0 + 29_100)).toBe('Too many wrong PINs. Try again in 1 s.');
    expect(lockoutLeftMs(locked, T0 + 30_000)).toBe(0);
    expect(describeLockout(locked, T0 + 30_000)).toBeNull();
  });

  it('after a lockout runs out, a wrong PIN starts a fresh count of five', () => {
    const again = afterWrongPin(wrongTimes(5), T0 + 31_000);
    expect(again).toEqual({ wrongTries: 1, lockedUntil: null });
    expect(lockoutLeftMs(wrongTimes(4, T0 + 31_000, again), T0 + 31_000)).toBe(PIN_LOCKOUT_MS);
  });

  it('a right PIN clears the count', () => {
    expect(afterRightPin()).toEqual(NO_LOCKOUT);
  });

  it('a clock set back never locks for more than one lockout', () => {
    expect(lockoutLeftMs(wrongTimes(5), T0 - 3_600_000)).toBe(PIN_LOCKOUT_MS);
  });

  it.each([
    [null, NO_LOCKOUT],
    ['', NO_LOCKOUT],
    ['{', NO_LOCKOUT],
    ['42', NO_LOCKOUT],
    ['{"wrongTries":3,"lockedUntil":null}', { wrongTries: 3, lockedUntil: null }],
    [`{"wrongTries":0,"lockedUntil":${T0}}`, { wrongTries: 0, lockedUntil: T0 }],
    ['{"wrongTries":-1,"lockedUntil":"soon"}', NO_LOCKOUT],
    ['{"wrongTries":99}', NO_LOCKOUT],
  ])('reads stored %j back as %j', (stored, state) => {
    expect(parseLockout(stored)).toEqual(state);
    expect(parseLockout(JSON.stringify(wrongTimes(2)))).toEqual(wrongTimes(2));
  });
});
