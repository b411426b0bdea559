// Plays a verdict's tones (WebAudio oscillators, generated here: no audio files) and vibration; never throws.
import { TONE_GAP_MS, VERDICT_FEEDBACK, type FeedbackKind } from './verdictFeedback.ts';

/** Loud enough over a foyer through a phone speaker, short of clipping when two tones overlap at a change-over. */
const VOLUME = 0.35;
/** Fade in and out, so a tone starts and ends without a click. */
const RAMP_S = 0.01;
/**
 * A context that was suspended (no gesture yet, mobile) plays its queued tones when it resumes. A sound that late
 * would belong to an old guest: drop it instead.
 */
const STALE_SOUND_MS = 300;

export interface FeedbackPreferences {
  sound: boolean;
  haptics: boolean;
}

export interface FeedbackPlayer {
  /**
   * Makes the audio context ahead of any gesture (it starts suspended). Making one can stall the page for a moment, which
   * must not happen inside a hardware scanner's burst of keys: the stall would read as a typing pause and split the code.
   */
  prepare(): void;
  /** From a user gesture (pointerdown, keydown): mobile browsers only let audio start inside one. */
  unlock(): void;
  play(kind: FeedbackKind, preferences: FeedbackPreferences): void;
  /** Leaving the scan screen: free the audio hardware. A later play or unlock makes a new context. */
  close(): void;
}

type AudioContextClass = new () => AudioContext;

const audioContextClass = (): AudioContextClass | null => {
  if (typeof window === 'undefined') return null;
  const legacy = (window as Window & { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
  return window.AudioContext ?? legacy ?? null;
};

export function createFeedbackPlayer(log: (message: string, context?: unknown) => void): FeedbackPlayer {
  let context: AudioContext | null = null;
  let sounding: OscillatorNode[] = [];

  const ensureContext = (): AudioContext | null => {
    if (context) return context;
    const AudioContextCtor = audioContextClass();
    if (!AudioContextCtor) return null; // no WebAudio: vibration and the screen still say it all
    try {
      context = new AudioContextCtor();
    } catch (error) {
      log('sound: no audio context', error);
      return null;
    }
    return context;
  };

  const resume = (audio: AudioContext): Promise<void> => audio.resume().catch((error: unknown) => log('sound: could not resume audio', error));

  const silencePrevious = () => {
    for (const oscillator of sounding) {
      try {
        oscillator.stop();
      } catch (error) {
        log('sound: could not stop a tone', error);
      }
    }
    sounding = [];
  };

  const schedule = (audio: AudioContext, kind: FeedbackKind) => {
    silencePrevious(); // the next guest's verdict cuts the last one short
    let at = audio.currentTime;
    for (const tone of VERDICT_FEEDBACK[kind].tones) {
      const seconds = tone.durationMs / 1000;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = tone.wave;
      oscillator.frequency.setValueAtTime(tone.frequencyHz, at);
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(VOLUME, at + RAMP_S);
      gain.gain.setValueAtTime(VOLUME, at + seconds - RAMP_S);
      gain.gain.linearRampToValueAtTime(0, at + seconds);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + seconds);
      sounding.push(oscillator);
      at += seconds + TONE_GAP_MS / 1000;
    }
  };

  const playSound = (kind: FeedbackKind) => {
    const audio = ensureContext();
    if (!audio) return;
    if (audio.state === 'running') {
      schedule(audio, kind);
      return;
    }
    const requestedAt = Date.now();
    void resume(audio).then(() => {
      if (audio.state === 'running' && Date.now() - requestedAt <= STALE_SOUND_MS) schedule(audio, kind);
    });
  };

  return {
    prepare() {
      ensureContext();
    },
    unlock() {
      const audio = ensureContext();
      if (audio && audio.state !== 'running') void resume(audio);
    },
    play(kind, preferences) {
      if (preferences.haptics && typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') {
        try {
          navigator.vibrate([...VERDICT_FEEDBACK[kind].vibrationMs]);
        } catch (error) {
          log('haptics: vibrate failed', error);
        }
      }
      if (preferences.sound) {
        try {
          playSound(kind);
        } catch (error) {
          log('sound: could not play', error);
        }
      }
    },
    close() {
      sounding = [];
      const audio = context;
      context = null;
      if (audio) void audio.close().catch((error: unknown) => log('sound: could not close audio', error));
    },
  };
}
