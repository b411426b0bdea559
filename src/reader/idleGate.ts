// Decides which camera frames are worth decoding: all of them while codes are coming, and while the scene is empty
// only frames where something moved (a ticket being raised), plus one now and then as a safety net.

export const THUMBNAIL_WIDTH = 32;
export const THUMBNAIL_HEIGHT = 18;
/** Mean luma change (0-255) of the 32×18 thumbnail that counts as "something moved"; sensor noise averages out far below it. */
export const SCENE_CHANGE_THRESHOLD = 6;

export interface IdleGateOptions {
  idleAfterMs: number; // no code for this long: the scene is "empty"
  maxIdleGapMs: number; // in an empty scene, still decode at least this often
  /** In an empty scene, look for movement this often: a thumbnail of a 720p frame costs ~3 ms of main thread (measured). */
  motionCheckIntervalMs: number;
  threshold: number;
}

export const DEFAULT_IDLE_GATE: IdleGateOptions = { idleAfterMs: 3_000, maxIdleGapMs: 1_000, motionCheckIntervalMs: 100, threshold: SCENE_CHANGE_THRESHOLD };

/** What to do with the next frame: decode it, take its thumbnail and ask `shouldDecode`, or let it go. */
export type FrameDecision = 'decode' | 'check' | 'skip';

/** Luma of an RGBA thumbnail. */
export function thumbnailLuma(rgba: Uint8ClampedArray): Uint8Array {
  const luma = new Uint8Array(rgba.length / 4);
  for (let pixel = 0; pixel < luma.length; pixel += 1) {
    const offset = pixel * 4;
    luma[pixel] = (rgba[offset]! * 77 + rgba[offset + 1]! * 150 + rgba[offset + 2]! * 29) >> 8;
  }
  return luma;
}

export function sceneDifference(a: Uint8Array, b: Uint8Array): number {
  let total = 0;
  for (let index = 0; index < a.length; index += 1) total += Math.abs(a[index]! - (b[index] ?? 0));
  return a.length === 0 ? 0 : total / a.length;
}

export interface IdleGate {
  next(): FrameDecision;
  /** After `check`: `thumbnail` is the luma of this frame at 32×18. True: decode this frame. */
  shouldDecode(thumbnail: Uint8Array): boolean;
  codeSeen(): void;
  isIdle(): boolean;
}

export function createIdleGate(now: () => number, options: IdleGateOptions = DEFAULT_IDLE_GATE): IdleGate {
  let lastCodeAt = now();
  let lastDecodeAt = -Infinity;
  let lastDecoded: Uint8Array | null = null;
  let lastCheckAt = -Infinity;
  const isIdle = () => now() - lastCodeAt > options.idleAfterMs;
  return {
    next() {
      if (!isIdle()) {
        lastDecoded = null; // the first idle frame sets a fresh baseline
        return 'decode';
      }
      return now() - lastCheckAt >= options.motionCheckIntervalMs ? 'check' : 'skip';
    },
    shouldDecode(thumbnail) {
      const at = now();
      lastCheckAt = at;
      // Compared with the last DECODED frame, not the previous one: a slow change still adds up to a decode.
      const moved = lastDecoded === null || sceneDifference(thumbnail, lastDecoded) > options.threshold;
      const decode = !isIdle() || moved || at - lastDecodeAt >= options.maxIdleGapMs;
      if (decode) {
        lastDecodeAt = at;
        lastDecoded = thumbnail;
      }
      return decode;
    },
    codeSeen() {
      lastCodeAt = now();
    },
    isIdle,
  };
}
