import { describe, expect, it } from 'vitest';
import { createIdleGate, sceneDifference, thumbnailLuma } from './idleGate.ts';

const scene = (level: number, noise = 0, seed = 1) => {
  let state = seed;
  return Uint8Array.from({ length: 32 * 18 }, () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return Math.max(0, Math.min(255, level + Math.round(((state % 1000) / 1000 - 0.5) * 2 * noise)));
  });
};

describe('idle gate', () => {
  /** Runs the gate over 30 fps frames the way the camera session does; returns what happened to each frame. */
  function drive(gate: ReturnType<typeof createIdleGate>, clock: { now: number }, frames: Uint8Array[]): string[] {
    return frames.map((thumbnail) => {
      clock.now += 33;
      const decision = gate.next();
      return decision === 'check' ? (gate.shouldDecode(thumbnail) ? 'decode' : 'still') : decision;
    });
  }

  it('decodes every frame while codes are coming, with no thumbnail at all', () => {
    const clock = { now: 0 };
    const gate = createIdleGate(() => clock.now);
    expect(drive(gate, clock, Array.from({ length: 30 }, () => scene(120))).every((what) => what === 'decode')).toBe(true);
  });

  it('in an empty, noisy but still scene looks ten times a second and decodes once a second', () => {
    const clock = { now: 0 };
    const gate = createIdleGate(() => clock.now);
    clock.now = 5_000; // nothing seen for 5 s
    const outcome = drive(gate, clock, Array.from({ length: 90 }, (_, frame) => scene(120, 4, frame + 1)));
    expect(gate.isIdle()).toBe(true);
    const count = (what: string) => outcome.filter((each) => each === what).length;
    expect(count('decode')).toBeGreaterThanOrEqual(2);
    expect(count('decode')).toBeLessThanOrEqual(4); // ~3 s at once a second, not 90 frames
    expect(count('decode') + count('still')).toBeLessThanOrEqual(31); // thumbnails at 10 Hz, not 30
  });

  it('decodes within 100 ms of a ticket coming into view, then every frame after a code', () => {
    const clock = { now: 0 };
    const gate = createIdleGate(() => clock.now);
    clock.now = 5_000;
    drive(gate, clock, Array.from({ length: 10 }, () => scene(120)));
    const ticket = scene(120);
    ticket.fill(235, 200, 380); // a white ticket fills a third of the view
    const outcome = drive(gate, clock, [ticket, ticket, ticket, ticket]);
    expect(outcome.slice(0, 4)).toContain('decode');
    gate.codeSeen();
    expect(drive(gate, clock, [ticket, ticket])).toEqual(['decode', 'decode']);
  });

  it('measures change as mean luma difference', () => {
    expect(sceneDifference(scene(100), scene(100))).toBe(0);
    expect(sceneDifference(scene(100), scene(110))).toBe(10);
    expect(Array.from(thumbnailLuma(new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255])))).toEqual([255, 0]);
  });
});
