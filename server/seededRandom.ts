// A small seeded PRNG (mulberry32) so the demo data is the same on every start and in every test.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `length` lowercase hex digits. */
  hex(length: number): string;
}

export function createSeededRandom(seed: number): SeededRandom {
  let stateWord = seed >>> 0; // closure state, one per generator: no module-level mutation

  const next = (): number => {
    stateWord = (stateWord + 0x6d2b79f5) >>> 0;
    let mixed = stateWord;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick() needs a non-empty list');
      return item;
    },
    hex(length: number): string {
      let text = '';
      while (text.length < length) text += int(0, 15).toString(16);
      return text;
    },
  };
}
