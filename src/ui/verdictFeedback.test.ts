// Every verdict has its own sound and its own vibration, and no two verdicts can be confused by ear or by touch.
import { describe, expect, it } from 'vitest';
import { soundDurationMs, TONE_GAP_MS, VERDICT_FEEDBACK, type FeedbackKind } from './verdictFeedback.ts';

/** A Record over the union: adding a verdict kind without listing it here fails the type check. */
const EVERY_KIND: Record<FeedbackKind, true> = {
  admitted: true,
  admittedUnchecked: true,
  notOnList: true,
  alreadyIn: true,
  checkedOut: true,
  notATicket: true,
  unknownTicket: true,
  cancelled: true,
  notSaved: true,
};
const kinds = Object.keys(EVERY_KIND) as FeedbackKind[];

describe('verdict feedback patterns', () => {
  it('gives every verdict kind, and "Scan NOT saved", a sound and a vibration', () => {
    expect(Object.keys(VERDICT_FEEDBACK).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const pattern = VERDICT_FEEDBACK[kind];
      expect(pattern.tones.length, kind).toBeGreaterThan(0);
      expect(pattern.vibrationMs.length % 2, `${kind}: a vibration pattern ends on a buzz`).toBe(1);
      for (const tone of pattern.tones) {
        expect(tone.frequencyHz, kind).toBeGreaterThanOrEqual(150); // small phone speakers play little below
        expect(tone.frequencyHz, kind).toBeLessThanOrEqual(2_000);
        expect(tone.durationMs, kind).toBeGreaterThan(0);
      }
      for (const ms of pattern.vibrationMs) expect(ms, kind).toBeGreaterThan(0);
    }
  });

  it('has no two kinds sounding alike or vibrating alike', () => {
    const sounds = kinds.map((kind) => JSON.stringify(VERDICT_FEEDBACK[kind].tones));
    const vibrations = kinds.map((kind) => JSON.stringify(VERDICT_FEEDBACK[kind].vibrationMs));
    expect(new Set(sounds).size).toBe(kinds.length);
    expect(new Set(vibrations).size).toBe(kinds.length);
    // Not just different numbers: different shapes (how many beeps, or how many buzzes), which is what people notice.
    const soundShapes = kinds.map((kind) => VERDICT_FEEDBACK[kind].tones.map((tone) => `${tone.frequencyHz}/${tone.wave}`).join(' '));
    expect(new Set(soundShapes).size).toBe(kinds.length);
  });

  it('stays under a second so the next guest is never waiting for the last sound', () => {
    for (const kind of kinds) {
      expect(soundDurationMs(VERDICT_FEEDBACK[kind]), kind).toBeLessThan(1_000);
      expect(VERDICT_FEEDBACK[kind].vibrationMs.reduce((sum, ms) => sum + ms, 0), kind).toBeLessThan(2_000);
    }
    expect(soundDurationMs({ tones: [{ frequencyHz: 440, durationMs: 100, wave: 'sine' }, { frequencyHz: 440, durationMs: 50, wave: 'sine' }], vibrationMs: [1] })).toBe(150 + TONE_GAP_MS);
  });
});
