// The contract between the sync benchmark (Node) and its harness page: what sync.html exposes on `window.doorlistSyncBench`.

export interface SeedSpec {
  dbName: string;
  /** Ticket ids the emulator knows; scan i gets ticketIds[i % length]. */
  ticketIds: string[];
  scans: number;
  venueTimeZone: string;
}

export interface DrainSpec {
  dbName: string;
  tonicBaseUrl: string;
  token: string;
  batchSize: number;
  /** Time the engine's phases from outside (wrapped client, transactions and table calls); costs a little. */
  profile: boolean;
  /** What-if: IndexedDB commits with `relaxed` durability instead of the app's `strict` (no fsync per commit). */
  relaxedDurability: boolean;
}

/** Wall time of each occurrence of one phase, in ms. */
export type PhaseTimes = Record<string, number[]>;

export interface OpCount {
  calls: number;
  totalMs: number;
}

export interface DrainProfile {
  /** Top-level transactions by phase (release, claim, settle, reconcile, status, other) and HTTP (fetch to headers, whole checkIn). */
  phases: PhaseTimes;
  /** Table and transaction calls made inside the reconcile transactions (nested transactions included). */
  reconcileOps: Record<string, OpCount>;
}

export interface DrainResult {
  seconds: number;
  /** checkIn calls the engine made (the server's request log is the authority; this is the page's own count). */
  requests: number;
  report: { sent: number; confirmed: number; rejected: number; failed: number; paused: boolean; error: string | null };
  profile: DrainProfile | null;
}

export interface OutboxContents {
  /** Rows per state. */
  states: Record<string, number>;
  /** `ticket_id|device_name|time` of every row, as Tonic should have received it. */
  keys: string[];
}

export interface DecideSpec {
  dbName: string;
  knownTickets: number;
  samples: number;
  warmUp: number;
}

export interface DecideResult {
  fillSeconds: number;
  /** recordScan wall time per sample, ms (warm-up excluded). */
  samples: number[];
  admitted: number;
}

export interface DoorlistSyncBenchApi {
  /** Writes `scans` queued ScanRows straight into IndexedDB, as an import from other devices would. */
  seedQueue(spec: SeedSpec): Promise<number>;
  /** One runSyncPass over the seeded queue, timed from its start to its return (queue empty or stopped). */
  drain(spec: DrainSpec): Promise<DrainResult>;
  /** What the outbox holds (read after the drain, outside its timing and heap sampling). */
  readOutbox(dbName: string): Promise<OutboxContents>;
  /** Fills the tickets table with `knownTickets` rows, then times recordScan on distinct known tickets. */
  decideAndWrite(spec: DecideSpec): Promise<DecideResult>;
  deleteDatabase(name: string): Promise<void>;
}

declare global {
  interface Window {
    doorlistSyncBench?: DoorlistSyncBenchApi;
  }
}
