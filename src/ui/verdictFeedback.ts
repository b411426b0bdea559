// One sound and one vibration pattern per verdict, as data: a steward hears and feels which verdict it is without looking.
import type { Verdict } from '../model/verdict.ts';

/**
 * The sounds a door makes: one per meaning, not per verdict kind (a steward learns a handful, not fifteen), plus the
 * scan that could not be stored (never a verdict of its own). `admittedUnchecked`: let in without the guest list's word.
 */
export type FeedbackKind =
  | 'admitted'
  | 'admittedUnchecked'
  | 'alreadyIn'
  | 'checkedOut'
  | 'notATicket'
  | 'unknownTicket'
  | 'cancelled'
  | 'notOnList'
  | 'notSaved';

/** The sound and buzz of a verdict. */
export function feedbackOf(verdict: Verdict): FeedbackKind {
  switch (verdict.kind) {
    case 'admitted':
      return verdict.unchecked ? 'admittedUnchecked' : 'admitted';
    case 'alreadyIn':
    case 'alreadyInOnList':
      return 'alreadyIn';
    case 'cancelled':
    case 'refunded':
      return 'cancelled';
    case 'otherDate':
    case 'otherEvent':
    case 'notOnList':
    case 'noGuestList':
      return 'notOnList';
    case 'notATicket':
    case 'foundNoCode':
    case 'severalOnList':
      return 'notATicket';
    case 'checkedOut':
    case 'unknownTicket':
      return verdict.kind;
    case 'refusedByServer':
      return 'unknownTicket';
  }
}

export interface Tone {
  frequencyHz: number;
  durationMs: number;
  /** Square and sawtooth cut through a noisy foyer; sine is kept for the friendly verdicts. */
  wave: 'sine' | 'square' | 'sawtooth' | 'triangle';
}

export interface FeedbackPattern {
  /** Played one after another, with `TONE_GAP_MS` between them. */
  tones: readonly Tone[];
  /** `navigator.vibrate` pattern: on, off, on… in ms. */
  vibrationMs: readonly number[];
}

export const TONE_GAP_MS = 40;

const tone = (frequencyHz: number, durationMs: number, wave: Tone['wave'] = 'sine'): Tone => ({ frequencyHz, durationMs, wave });

/**
 * Good news is short and rising, "look again" is a triple, refusals are low and long, and "not saved" is a siren long
 * enough to stop a steward mid-gesture. Kept short (under a second) so the next guest's sound is never queued behind.
 */
export const VERDICT_FEEDBACK: Readonly<Record<FeedbackKind, FeedbackPattern>> = {
  admitted: { tones: [tone(880, 90), tone(1320, 140)], vibrationMs: [70] },
  // Rising like an admission, then a low third tone: "let in, but look".
  admittedUnchecked: { tones: [tone(880, 90), tone(1320, 90), tone(587, 220, 'triangle')], vibrationMs: [70, 50, 250] },
  checkedOut: { tones: [tone(1320, 90), tone(880, 140)], vibrationMs: [40, 60, 40] },
  alreadyIn: { tones: [tone(660, 110, 'triangle'), tone(660, 110, 'triangle'), tone(660, 110, 'triangle')], vibrationMs: [150, 80, 150, 80, 150] },
  notATicket: { tones: [tone(220, 420, 'sawtooth')], vibrationMs: [420] },
  unknownTicket: { tones: [tone(392, 200, 'square'), tone(262, 300, 'square')], vibrationMs: [250, 100, 400] },
  cancelled: { tones: [tone(262, 150, 'square'), tone(262, 150, 'square'), tone(196, 300, 'square')], vibrationMs: [120, 60, 120, 60, 350] },
  notOnList: { tones: [tone(330, 180, 'sawtooth'), tone(330, 180, 'sawtooth'), tone(220, 300, 'sawtooth')], vibrationMs: [300, 100, 300] },
  notSaved: { tones: [tone(988, 160, 'sawtooth'), tone(247, 160, 'sawtooth'), tone(988, 160, 'sawtooth'), tone(247, 160, 'sawtooth')], vibrationMs: [500, 100, 500, 100, 500] },
};

/** How long a pattern's sound lasts, gaps included. */
export const soundDurationMs = (pattern: FeedbackPattern): number =>
  pattern.tones.reduce((total, next) => total + next.durationMs, 0) + TONE_GAP_MS * Math.max(0, pattern.tones.length - 1);
