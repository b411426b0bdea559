// Benchmark figures: summary statistics and the result file in DESIGN.md's "Benchmarks" format.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Figure {
  value: number;
  unit: string;
}

export type Figures = Record<string, Figure>;

export interface BenchResultFile {
  name: string;
  machine: string;
  date: string;
  figures: Figures;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile (p95 of 60 samples is the 57th smallest). */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** Rounded for the file: milliseconds to 0.01, ratios to 0.001. */
export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export const ms = (value: number): Figure => ({ value: round(value, 2), unit: 'ms' });
export const ratio = (value: number): Figure => ({ value: round(value, 3), unit: 'ratio' });
export const count = (value: number): Figure => ({ value, unit: 'count' });

/** "<cpu model>, <n> cores", from /proc/cpuinfo where there is one. */
export function machineDescription(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux: os.cpus() already named the model
  }
  return `${model}, ${cpus().length} cores`;
}
