// Composes the engine for the browser: database, clock, ids, scan recording and the sync scheduler. No React here.
import { monotonicFactory } from 'ulid';
import { MAX_SCANS_PER_REQUEST } from '../contracts/batchLimits.ts';
import { recordScan, type RecordScanResult, type ScanInput } from '../door/recordScan.ts';
import { DoorlistDatabase } from '../db/database.ts';
import { applySetup } from './applySetup.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { browserWakeListener, SyncScheduler } from '../sync/syncScheduler.ts';
import { writeSyncStatus } from '../sync/syncStatus.ts';
import type { BarcodeEngine } from '../reader/barcodeEngine.ts';
import { selectEngine } from '../reader/selectEngine.ts';
import { createDevicePass } from '../sync/devicePass.ts';
import { createSideDataRefresher } from '../feeds/sideDataRefresher.ts';
import { makeQueueDue } from '../outbox/makeQueueDue.ts';
import { queueBookingNote } from '../outbox/bookingNoteQueue.ts';
import { isConnectivityError, requestBackgroundSync } from '../sync/backgroundSync.ts';
import { countWaiting } from '../outbox/outbox.ts';
import { liveQuery } from 'dexie';
import { feedUrlFor } from '../api/gatewayEndpoints.ts';
import { startDoorFeed } from '../feeds/doorFeed.ts';
import { readSyncStatus } from '../sync/syncStatus.ts';
import { describeBacklog, trackBacklog, type BacklogState, type BacklogView } from '../reports/backlogProgress.ts';
import { awaitServerAnswer, type ServerAnswer } from '../sync/awaitServerAnswer.ts';
import { absoluteOrigin, blockAwareFetch, blockForSetup, clearBlockedOrigins, listenForBlockedRequests } from '../sync/connectionBlock.ts';
import { askWorkerToRefreshShellPolicy } from '../sync/shellPolicy.ts';
import { createGuestListRefresher } from '../feeds/guestListRefresher.ts';
import { preferencesOf } from '../settings/preferences.ts';

/** Up to 500 scans a request (the emulator's limit): a 10,000-scan backlog drains in ~3.5 s instead of ~6.5 s at 50 (bench/results/sync.json). Live scans still go out as soon as they are due, in small batches. */
export const DEFAULT_BATCH_SIZE = MAX_SCANS_PER_REQUEST;

export interface DoorlistServices {
  db: DoorlistDatabase;
  scan(config: SetupConfig, input: ScanInput): Promise<RecordScanResult>;
  /**
   * Verify online first: records the scan exactly as `scan` does (decided and stored here first, sync woken), then,
   * if it went to the outbox and the device is online, waits up to `timeoutMs` for the server's answer on it.
   * `answer` is null when there is nothing to wait for (not saved, kept local, offline).
   */
  scanAndVerify(this: DoorlistServices, config: SetupConfig, input: ScanInput, timeoutMs: number): Promise<{ result: RecordScanResult; answer: Promise<ServerAnswer> | null }>;
  setUp(config: SetupConfig): Promise<void>;
  resumeSync(): Promise<void>;
  startSync(): void;
  /** Something put scans in the queue (an import, "Send again"): send them now, not at the next timer. */
  wakeSync(): void;
  /** Refreshes the guest list now if it may be (or joins the refresh under way); resolves when it is done. */
  refreshGuestList(): Promise<void>;
  /** Queues a staff note on the ticket's booking; returns why not, or null when queued. */
  addBookingNote(ticketId: string, text: string): Promise<string | null>;
  /** The backlog draining, for the bar: one tracker per app, so moving between screens keeps its start and its rate. */
  backlog: {
    subscribe(listener: () => void): () => void;
    current(): BacklogView | null;
  };
  /** The camera's decode engine, made once per app start (a worker and a compiled WASM module are not cheap). */
  decoder(): Promise<BarcodeEngine>;
}

const log = (message: string, context?: unknown) => console.warn(`[doorlist] ${message}`, context ?? '');

export function createDoorlistServices(): DoorlistServices {
  const db = new DoorlistDatabase();
  const newId = monotonicFactory();
  const hasLocks = typeof navigator !== 'undefined' && 'locks' in navigator;
  /** The page's timers, in the shape the engine's scheduler, door feed and verify wait take them. */
  const timers = {
    setTimer: (callback: () => void, delayMs: number): unknown => window.setTimeout(callback, delayMs),
    clearTimer: (handle: unknown) => window.clearTimeout(handle as number),
  };
  // The cached app shell carries the policy it was served with; when the server's has changed since (DOORLIST_CONNECT_SRC
  // added), the worker takes the new one, and a block offers to reopen the app under it.
  const refreshShellPolicy = () => {
    if (!navigator.onLine) return;
    askWorkerToRefreshShellPolicy(navigator.serviceWorker, timers).then(
      (outcome) => (outcome === 'policyChanged' ? writeSyncStatus(db, { newerPolicy: true }) : undefined),
      (error: unknown) => log('security policy: could not refresh the cached shell', error),
    );
  };
  // A request the page's security policy refuses is recorded by origin (the fetch itself fails like a dropped network).
  const blocked = listenForBlockedRequests(document, db, () => new Date(), log, refreshShellPolicy);
  /** Blocks lifted: backoff earned while blocked must not keep the scans waiting (as when the network comes back). */
  const forgiveBackoff = (cleared: boolean) => (cleared ? makeQueueDue(db, Date.now()) : 0);
  const fetchImpl = blockAwareFetch(blocked.seen, (input) => {
    // A reply from an origin this page saw blocked: the block is over (cannot happen under one policy, but costs nothing).
    const origin = absoluteOrigin(input);
    if (origin !== null && blocked.seen.delete(origin)) {
      void clearBlockedOrigins(db, [origin]).then(forgiveBackoff).catch((error: unknown) => log('security policy: could not clear a block', error));
    }
  });

  const runPass = createDevicePass({ db, fetchImpl, isOnline: () => navigator.onLine, holdsSyncLock: hasLocks, newId: () => newId(), log, blockSource: 'page' });
  /** Tonic is blocked for this page: a failure then is the block, not the network, and Background Sync cannot help. */
  const tonicBlocked = async () => {
    const settings = await db.settings.get('device');
    return settings !== undefined && blockForSetup(await readSyncStatus(db), settings.config)?.service === 'Tonic';
  };

  const guestList = createGuestListRefresher({ db, fetchImpl, now: () => new Date(), origin: window.location.origin, isOnline: () => navigator.onLine, log, locks: hasLocks ? navigator.locks : null });
  const refreshSideData = createSideDataRefresher(db, fetchImpl, log, guestList);
  // The guest list sooner than its schedule: back online, and when the door's setup or occurrence changes.
  let followingGuestList = false;
  const followGuestList = () => {
    if (followingGuestList) return;
    followingGuestList = true;
    window.addEventListener('online', () => void guestList.refresh('online'));
    let listKey = '';
    liveQuery(() => db.settings.get('device')).subscribe({
      next: (settings) => {
        const key = settings ? `${settings.configuredAt}|${preferencesOf(settings).occurrenceDate ?? ''}` : '';
        if (key === listKey) return;
        listKey = key;
        if (settings) void guestList.refresh('changed');
      },
      error: (error: unknown) => log('guest list: could not follow the settings', error),
    });
  };
  // Scans waiting for a network that is gone: ask the browser to wake the service worker when it is back, even if the
  // app has been closed by then. Not for 5xx or 429: those keep their own backoff.
  const askForBackgroundSync = () => void requestBackgroundSync(navigator.serviceWorker, log);

  const scheduler = new SyncScheduler(
    runPass,
    {
      locks: hasLocks ? navigator.locks : null,
      ...timers,
      now: Date.now,
      addWakeListener: (wake) =>
        browserWakeListener(wake, () => {
          void makeQueueDue(db, Date.now()).then(wake, (error: unknown) => log('sync: could not reschedule queue', error));
        }),
    },
    (report) => {
      if (isConnectivityError(report.error)) {
        // The browser's violation report comes with or just after the failed request: read the block after the pass.
        void tonicBlocked().then((isBlocked) => isBlocked || askForBackgroundSync(), (error: unknown) => log('security policy: could not read the block', error));
      }
      refreshSideData(report.touched); // after the pass, outside its lock
    },
    (error) => log('sync: pass crashed', error),
  );

  let decoder: Promise<BarcodeEngine> | null = null;

  // Through a gateway, other doors' check-ins arrive as a feed: one connection per setup, none while sync is paused
  // (refused or withdrawn credentials) or the device talks to Tonic directly.
  let stopFeed: (() => void) | null = null;
  let feedKey = '';
  let followingFeed = false;
  const followDoorFeed = () => {
    if (followingFeed) return; // once per app: the subscription lives as long as the page
    followingFeed = true;
    liveQuery(async () => ({ settings: await db.settings.get('device'), paused: (await readSyncStatus(db)).pause !== null })).subscribe({
      next: ({ settings, paused }) => {
        const url = settings && !paused ? feedUrlFor(settings.config, window.location.origin) : null;
        const key = url && settings ? `${url} ${settings.configuredAt}` : '';
        if (key === feedKey) return;
        feedKey = key;
        stopFeed?.();
        stopFeed = null;
        if (url && settings) {
          stopFeed = startDoorFeed(
            { db, fetchImpl, now: () => new Date(), ...timers, log },
            url,
            settings.config.tonic.token,
          );
        }
      },
      error: (error: unknown) => log('door feed: could not follow the settings', error),
    });
  };

  let backlogState: BacklogState | null = null;
  let backlogView: BacklogView | null = null;
  const backlogListeners = new Set<() => void>();
  let watchingOutbox = false;
  const watchOutbox = () => {
    if (watchingOutbox) return;
    watchingOutbox = true; // for the app's lifetime: the count follows every tab's scans and sends
    liveQuery(() => countWaiting(db)).subscribe({
      next: (waiting) => {
        backlogState = trackBacklog(backlogState, waiting, Date.now());
        backlogView = describeBacklog(backlogState);
        for (const listener of backlogListeners) listener();
      },
      error: (error: unknown) => log('backlog: could not follow the outbox', error),
    });
  };

  return {
    db,
    backlog: {
      subscribe(listener) {
        watchOutbox();
        backlogListeners.add(listener);
        return () => backlogListeners.delete(listener);
      },
      current: () => backlogView,
    },
    decoder() {
      decoder ??= selectEngine(log);
      return decoder;
    },
    async scan(config, input) {
      const result = await recordScan({ db, now: () => new Date(), newId: () => newId() }, config, input);
      if (result.ok && result.scan.state === 'queued') {
        if (!navigator.onLine) askForBackgroundSync();
        scheduler.wake();
      }
      if (!result.ok) log('scan: not saved', result.cause);
      return result;
    },
    async scanAndVerify(config, input, timeoutMs) {
      const result = await this.scan(config, input);
      if (!result.ok || result.scan.state !== 'queued' || !navigator.onLine) return { result, answer: null };
      const answer = awaitServerAnswer(db, result.scan.id, timeoutMs, timers).catch((error: unknown): ServerAnswer => {
        log('verify: could not watch the scan for the server answer; showing the device decision', error);
        return { kind: 'timeout' };
      });
      return { result, answer };
    },
    async setUp(config) {
      await applySetup(db, config, DEFAULT_BATCH_SIZE, new Date());
      // Ask the browser not to evict the outbox under storage pressure; Activity shows its answer.
      await navigator.storage?.persist?.().catch((error: unknown) => log('storage: persist() failed', error));
      scheduler.wake();
    },
    async resumeSync() {
      await writeSyncStatus(db, { pause: null });
      scheduler.wake();
    },
    startSync() {
      // A new page runs under the policy its server sends now: blocks seen under an older one are tried afresh.
      void clearBlockedOrigins(db)
        .then(forgiveBackoff)
        .catch((error: unknown) => log('security policy: could not clear old blocks', error))
        .then(() => {
          scheduler.start();
          refreshShellPolicy();
        });
      followDoorFeed();
      followGuestList();
      if (!navigator.onLine) {
        void countWaiting(db).then((waiting) => waiting > 0 && askForBackgroundSync(), (error: unknown) => log('sync: could not count the outbox', error));
      }
    },
    wakeSync() {
      scheduler.wake();
    },
    async refreshGuestList() {
      await guestList.refresh('changed');
    },
    async addBookingNote(ticketId, text) {
      const result = await queueBookingNote(db, ticketId, text, new Date(), () => newId());
      if (!result.ok) return result.message;
      scheduler.wake();
      return null;
    },
  };
}
