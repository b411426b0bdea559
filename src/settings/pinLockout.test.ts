// Wrong-PIN lockout: five wrong tries lock PIN checks for 30 s, each later lockout twice as long up to 15 minutes, a right
// PIN starts over; the wait in plain words; stored state read back safely (also as older versions stored it).
import { describe, expect, it } from 'vitest';
import {
  afterRightPin,
  afterWrongPin,
  describeLockout,
  FIRST_LOCKOUT_MS,
  lockoutLeftMs,
  lockoutMs,
  MAX_LOCKOUT_MS,
  NO_LOCKOUT,
  parseLockout,
  waitInWords,
  type PinLockoutState,
} from './pinLockout.ts';

const T0 = 1_800_000_000_000;
const LONGER = 'The wait doubles each time, up to 15 minutes, until the right PIN is entered.';

const wrongTimes = (count: number, nowMs = T0, from: PinLockoutState = NO_LOCKOUT): PinLockoutState => {
  let state = from;
  for (let index = 0; index < count; index += 1) state = afterWrongPin(state, nowMs);
  return state;
};

/** Five wrong PINs as each lockout runs out, `rounds` times: the state and the clock after the last round. */
function lockedRounds(rounds: number): { state: PinLockoutState; at: number } {
  let state = NO_LOCKOUT;
  let at = T0;
  for (let round = 0; round < rounds; round += 1) {
    at += lockoutLeftMs(state, at);
    state = wrongTimes(5, at, state);
  }
  return { state, at };
}

describe('PIN lockout', () => {
  it('counts down the tries left, then refuses for 30 s after the fifth wrong PIN', () => {
    expect(describeLockout(NO_LOCKOUT, T0)).toBeNull();
    expect(describeLockout(wrongTimes(1), T0)).toBe('Wrong PIN. 4 tries left before a wait of 30 seconds.');
    expect(describeLockout(wrongTimes(4), T0)).toBe('Wrong PIN. 1 try left before a wait of 30 seconds.');
    const locked = wrongTimes(5);
    expect(lockoutLeftMs(locked, T0)).toBe(FIRST_LOCKOUT_MS);
    expect(describeLockout(locked, T0)).toBe(`Too many wrong PINs. Try again in 30 seconds. ${LONGER}`);
    expect(describeLockout(locked, T0 + 29_100)).toBe(`Too many wrong PINs. Try again in 1 second. ${LONGER}`);
    expect(lockoutLeftMs(locked, T0 + 30_000)).toBe(0);
    expect(describeLockout(locked, T0 + 30_000)).toBeNull();
  });

  it('makes each lockout twice as long as the one before, up to 15 minutes', () => {
    const lengths = [1, 2, 3, 4, 5, 6, 7, 8].map((rounds) => {
      const { state, at } = lockedRounds(rounds);
      return lockoutLeftMs(state, at);
    });
    expect(lengths).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, MAX_LOCKOUT_MS, MAX_LOCKOUT_MS, MAX_LOCKOUT_MS]);
    expect(lockoutMs(1_000_000)).toBe(MAX_LOCKOUT_MS);
  });

  it('tells staff how long the next wait will be, and how long the one running has left, in plain words', () => {
    const { state, at } = lockedRounds(2);
    expect(describeLockout(state, at)).toBe(`Too many wrong PINs. Try again in 1 minute. ${LONGER}`);
    const after = afterWrongPin(state, at + 60_000);
    expect(describeLockout(after, at + 60_000)).toBe('Wrong PIN. 4 tries left before a wait of 2 minutes.');
    const { state: long, at: longAt } = lockedRounds(6);
    expect(describeLockout(long, longAt)).toBe(`Too many wrong PINs. Try again in 15 minutes. ${LONGER}`);
    expect(describeLockout(long, longAt + 14 * 60_000 + 1)).toBe(`Too many wrong PINs. Try again in 1 minute. ${LONGER}`);
    expect(describeLockout(long, longAt + 14 * 60_000 + 30_000)).toBe(`Too many wrong PINs. Try again in 30 seconds. ${LONGER}`);
  });

  it('after a lockout runs out, a wrong PIN starts a fresh count of five', () => {
    const again = afterWrongPin(wrongTimes(5), T0 + 31_000);
    expect(again).toEqual({ wrongTries: 1, lockedUntil: null, lockouts: 1 });
    expect(lockoutLeftMs(wrongTimes(4, T0 + 31_000, again), T0 + 31_000)).toBe(2 * FIRST_LOCKOUT_MS);
  });

  it('a right PIN clears the count and the growth: the next lockout is 30 s again', () => {
    expect(afterRightPin()).toEqual(NO_LOCKOUT);
    const { at } = lockedRounds(4);
    expect(lockoutLeftMs(wrongTimes(5, at + MAX_LOCKOUT_MS, afterRightPin()), at + MAX_LOCKOUT_MS)).toBe(FIRST_LOCKOUT_MS);
  });

  it('a clock set back never locks for more than the lockout itself', () => {
    expect(lockoutLeftMs(wrongTimes(5), T0 - 3_600_000)).toBe(FIRST_LOCKOUT_MS);
    const { state, at } = lockedRounds(3);
    expect(lockoutLeftMs(state, at - 86_400_000)).toBe(4 * FIRST_LOCKOUT_MS);
  });

  it.each([
    [0, '1 second'],
    [1_000, '1 second'],
    [1_001, '2 seconds'],
    [59_000, '59 seconds'],
    [60_000, '1 minute'],
    [60_001, '2 minutes'],
    [MAX_LOCKOUT_MS, '15 minutes'],
  ])('a wait of %i ms reads "%s"', (ms, words) => {
    expect(waitInWords(ms)).toBe(words);
  });

  it.each([
    [null, NO_LOCKOUT],
    ['', NO_LOCKOUT],
    ['{', NO_LOCKOUT],
    ['42', NO_LOCKOUT],
    ['{"wrongTries":3,"lockedUntil":null}', { wrongTries: 3, lockedUntil: null, lockouts: 0 }],
    // As a version before lockouts grew stored a lock: that was a first lockout.
    [`{"wrongTries":0,"lockedUntil":${T0}}`, { wrongTries: 0, lockedUntil: T0, lockouts: 1 }],
    [`{"wrongTries":2,"lockedUntil":null,"lockouts":4}`, { wrongTries: 2, lockedUntil: null, lockouts: 4 }],
    ['{"wrongTries":-1,"lockedUntil":"soon","lockouts":"many"}', NO_LOCKOUT],
    ['{"wrongTries":99,"lockouts":-3}', NO_LOCKOUT],
    ['{"wrongTries":1,"lockouts":1.5}', { wrongTries: 1, lockedUntil: null, lockouts: 0 }],
  ])('reads stored %j back as %j', (stored, state) => {
    expect(parseLockout(stored)).toEqual(state);
  });

  it('reads back what it stored, growth included, so a reload is not a fresh start', () => {
    const { state } = lockedRounds(3);
    expect(parseLockout(JSON.stringify(state))).toEqual(state);
    expect(parseLockout(JSON.stringify(wrongTimes(2)))).toEqual(wrongTimes(2));
  });
});
