// What bench/guestListBench.ts asks of the guest list benchmark page (bench/harness/guestListPage.ts), and what it answers.
import type { SetupConfig } from '../../src/contracts/setupLink.ts';

export interface DownloadSpec {
  dbName: string;
  config: SetupConfig;
  occurrence: string;
}

export interface DownloadResult {
  ms: number;
  outcome: string;
  /** Rows in the device's guestList table afterwards. */
  stored: number;
  version: number | null;
}

export interface DecideSpec {
  dbName: string;
  config: SetupConfig;
  /** Codes scanned in turn, each once; the first `warmUp` are not timed. */
  codes: string[];
  warmUp: number;
}

export interface DecideResult {
  samples: number[];
  /** Verdict kind (with `+name` when the verdict named the guest) -> count, of the timed scans. */
  verdicts: Record<string, number>;
}

export interface SearchSpec {
  dbName: string;
  queries: string[];
  repetitions: number;
  warmUp: number;
}

export interface SearchResult {
  samples: number[];
  /** Guests found per query (first repetition). */
  found: number[];
}

export interface DoorlistGuestListBenchApi {
  fillTickets(spec: { dbName: string; count: number }): Promise<number>;
  download(spec: DownloadSpec): Promise<DownloadResult>;
  decideAndWrite(spec: DecideSpec): Promise<DecideResult>;
  search(spec: SearchSpec): Promise<SearchResult>;
  deleteDatabase(name: string): Promise<void>;
}

declare global {
  interface Window {
    doorlistGuestListBench?: DoorlistGuestListBenchApi;
  }
}
