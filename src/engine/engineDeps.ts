// What the engine is given by the platform it runs on: the database, the clock, randomness, the network, the online
// signal, timers and the browser services it uses. The engine reads none of them from globals, so tests pass their own.
import type { FetchLike } from '../api/httpRequest.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { CameraProbe, StorageManagerLike } from '../readiness/preDoorsCheck.ts';

export type Log = (message: string, context?: unknown) => void;

export interface Timers {
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface OnlineSignal {
  /** `navigator.onLine`: false is reliable (true is not). */
  isOnline(): boolean;
  /** Calls `listener` when the network comes back; returns the unsubscribe. */
  onOnline(listener: () => void): () => void;
}

export interface EngineDeps {
  db: DoorlistDatabase;
  now: () => Date;
  /** In [0, 1): retry jitter. */
  random: () => number;
  /** A sortable unique id (ULID) for scans, batches and notes. */
  newId: () => string;
  fetch: FetchLike;
  online: OnlineSignal;
  timers: Timers;
  /** Wakes the sync when the page is shown again or the network is back; returns the unsubscribe. */
  onWake(wake: () => void, onOnline: () => void): () => void;
  /** The app's own origin (relative setup addresses resolve against it) and the page's address. */
  origin: string;
  pageUrl: () => string | undefined;
  /** Web Locks, where the browser has them: one sender and one list writer across tabs. */
  locks: LockManager | null;
  /** Where the page's security policy reports refused requests (the document). */
  policyReports: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** The service worker container, for Background Sync and the cached shell's policy; undefined where there is none. */
  serviceWorker: ServiceWorkerContainer | undefined;
  storage: StorageManagerLike | null;
  /** The pre-doors camera check's way to open a camera. */
  camera: CameraProbe | null;
  secureContext: boolean;
  log: Log;
}
