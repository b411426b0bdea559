// The contract between the benchmark runner (Node) and the harness page: what the page exposes on `window.doorlistBench`.
import type { FrameSpec } from './corpusSpec.ts';

export interface DecodeOutcome {
  ms: number;
  /** Decoded text equals the encoded text (for an empty scene: nothing was decoded). */
  ok: boolean;
  /** What was read when it was not the expected text (a misread), or the error thrown. */
  note?: string;
}

export interface EngineSetUp {
  available: string[];
  /** Engine name -> why it cannot run here (its factory returned null, or threw). */
  unavailable: Record<string, string>;
}

export interface DoorlistBenchApi {
  /** Creates every engine of BENCH_ENGINES and warms up those that exist. */
  setUp(): Promise<EngineSetUp>;
  /** Renders frames and keeps them for `timeEngine` (replacing earlier ones). */
  prepare(specs: FrameSpec[]): Promise<number>;
  /** Decodes every prepared frame once with one engine, each call timed on its own. */
  timeEngine(engine: string): Promise<DecodeOutcome[]>;
  /** Renders each frame and decodes it with every available engine: engine -> outcome per frame. */
  decodeCorpus(specs: FrameSpec[]): Promise<Record<string, DecodeOutcome[]>>;
  /** One frame as a PNG data URL, to look at the corpus. */
  snapshot(spec: FrameSpec): Promise<string>;
}

declare global {
  interface Window {
    doorlistBench?: DoorlistBenchApi;
  }
}
