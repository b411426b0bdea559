// Deterministic pseudo-random numbers (mulberry32) so every benchmark frame is the same on every run.
import { createSeededRandom } from '../../server/seededRandom.ts';

export interface Random {
  next(): number;
  between(low: number, high: number): number;
  gaussian(): number;
}

export function createRandom(seed: number): Random {
  const { next } = createSeededRandom(seed); // the demo data's mulberry32: one generator in the project
  return {
    next,
    between: (low, high) => low + (high - low) * next(),
    gaussian: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()), // Box-Muller
  };
}
