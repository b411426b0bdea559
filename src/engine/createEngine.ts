// The device's engine, wired: database, sync scheduler, door feed, side-data and guest-list refresh, backlog tracking
// and readiness checks, over the platform its deps describe. The UI gets one facade: commands it calls, live queries it
// subscribes to. No React here, and no screen touches the database: everything a screen does goes through this.
import { feedUrlFor } from '../api/gatewayEndpoints.ts';
import { MAX_SCANS_PER_REQUEST } from '../contracts/batchLimits.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import type { DevicePreferences } from '../db/tables.ts';
import { recordScan, type RecordScanResult, type ScanInput } from '../door/recordScan.ts';
import { createGuestListRefresher } from '../feeds/guestListRefresher.ts';
import { startDoorFeed } from '../feeds/doorFeed.ts';
import { createSideDataRefresher } from '../feeds/sideDataRefresher.ts';
import { guestFileSizeProblem, importGuestFile, stopUsingFileList, type GuestFileImport } from '../guestlist/fileGuestList.ts';
import { queueBookingNote } from '../outbox/bookingNoteQueue.ts';
import { exportScans, importScans, importSizeProblem, scansToCsv, type ImportResult } from '../outbox/exportImport.ts';
import { startHistoryRetention } from '../outbox/historyRetention.ts';
import { makeQueueDue } from '../outbox/makeQueueDue.ts';
import { countWaiting } from '../outbox/outbox.ts';
import { markHandled, sendAgain } from '../outbox/scanActions.ts';
import { askToKeepStorage, checkGuestList, checkRunSignup, checkTonicAndClock, runPreDoorsCheck, type CheckRow, type PreDoorsDeps } from '../readiness/preDoorsCheck.ts';
import type { BarcodeEngine } from '../reader/barcodeEngine.ts';
import { selectEngine } from '../reader/selectEngine.ts';
import { describeBacklog, trackBacklog, type BacklogState, type BacklogView } from '../reports/backlogProgress.ts';
import { preferencesOf, updatePreferences } from '../settings/preferences.ts';
import { awaitServerAnswer, type ServerAnswer } from '../sync/awaitServerAnswer.ts';
import { isConnectivityError, requestBackgroundSync } from '../sync/backgroundSync.ts';
import { absoluteOrigin, blockAwareFetch, blockForSetup, clearBlockedOrigins, listenForBlockedRequests } from '../sync/connectionBlock.ts';
import { createDevicePass } from '../sync/devicePass.ts';
import { askWorkerToRefreshShellPolicy } from '../sync/shellPolicy.ts';
import { SyncScheduler } from '../sync/syncScheduler.ts';
import { readSyncStatus, writeSyncStatus } from '../sync/syncStatus.ts';
import { applySetup } from './applySetup.ts';
import type { EngineDeps } from './engineDeps.ts';
import { live, type Live } from './live.ts';
import { liveQueries, type LiveQueries } from './liveQueries.ts';

/** As many scans a request as the contract allows: a 10,000-scan backlog drains in ~3.5 s instead of ~6.5 s at 50 (bench/results/sync.json). Live scans still go out as soon as they are due, in small batches. */
export const DEFAULT_BATCH_SIZE = MAX_SCANS_PER_REQUEST;

/** Every live query, with the same arguments as its read: `engine.live.waiting()` is a Live<number>. */
export type LiveFacade = { [K in keyof LiveQueries]: (...args: Parameters<LiveQueries[K]>) => Live<Awaited<ReturnType<LiveQueries[K]>>> };

/** The setup screen's checks of a new setup's servers, each answering on its own. */
export interface SetupChecks {
  tonic: Promise<CheckRow>;
  runsignup: Promise<CheckRow>;
  guestList: Promise<CheckRow>;
}

export interface DoorlistEngine {
  /** Opens the database; rejects when the browser gives no storage (nothing may be scanned then). */
  open(): Promise<void>;
  /** Starts the sync, the door feed and the guest list's refresh: once, after `open`. */
  start(): void;
  /** Stops all of it (timers, feed, listeners, the decoder) and closes the database; nothing starts after it. */
  stop(): void;
  live: LiveFacade;
  /** The backlog draining, for the bar: one tracker per app, so moving between screens keeps its start and its rate. */
  backlog: { subscribe(listener: () => void): () => void; current(): BacklogView | null };
  /** The camera's decode engine, made once per app start (a worker and a compiled WASM module are not cheap). */
  decoder(): Promise<BarcodeEngine>;

  // ---- Commands ----
  scan(config: SetupConfig, input: ScanInput): Promise<RecordScanResult>;
  /**
   * Verify online first: records the scan exactly as `scan` does (decided and stored here first, sync woken), then,
   * if it went to the outbox and the device is online, waits up to `timeoutMs` for the server's answer on it.
   * `answer` is null when there is nothing to wait for (not saved, kept local, offline).
   */
  scanAndVerify(config: SetupConfig, input: ScanInput, timeoutMs: number): Promise<{ result: RecordScanResult; answer: Promise<ServerAnswer> | null }>;
  /** The device's current setup, read once (the setup link asks before it replaces one). */
  currentSettings(): ReturnType<LiveQueries['settings']>;
  setUp(config: SetupConfig): Promise<void>;
  /** Staff change a preference on this device; false when the device is not set up (nothing changed). */
  updatePreferences(patch: Partial<DevicePreferences>): Promise<boolean>;
  resumeSync(): Promise<void>;
  /** A failed scan goes back to the queue and is sent now; false when it was no longer failed. */
  sendAgain(scanId: string): Promise<boolean>;
  markHandled(scanId: string): Promise<void>;
  /** Queues a staff note on the ticket's booking; returns why not, or null when queued. */
  addBookingNote(ticketId: string, text: string): Promise<string | null>;
  /** The whole outbox and history as the export file's JSON text, and as a spreadsheet's CSV. */
  exportScansJson(deviceName: string): Promise<string>;
  exportScansCsv(): Promise<string>;
  /** Scans (and notes) from another device's export file (too big or empty: refused unread); what was queued is sent now. */
  importScans(file: FileLike): Promise<ImportResult>;
  /** Refreshes the guest list now if it may be (or joins the refresh under way); resolves when it is done. */
  refreshGuestList(): Promise<void>;
  /** The box office's file becomes this door's list for `occurrence` (too big: refused unread). */
  importGuestFile(config: SetupConfig, file: FileLike, occurrence: string): Promise<GuestFileImport>;
  /** Stops using an imported file: the next refresh asks the gateway or DesignMyNight again. True when one was removed. */
  stopUsingFileList(): Promise<boolean>;
  /** Asks the browser to keep this site's storage (not evicted under pressure); its answer. */
  askToKeepStorage(): Promise<boolean>;
  /** The pre-doors check: every row, each reported as it answers. */
  preDoorsCheck(config: SetupConfig, onRows: (rows: CheckRow[]) => void): Promise<CheckRow[]>;
  /** The setup screen's checks of the new setup's servers (the guest list's joins the download the setup started). */
  setupChecks(config: SetupConfig): SetupChecks;
}

/** A file as a file input gives it: its size is checked before its text is read. */
export interface FileLike {
  size: number;
  text(): Promise<string>;
}

/** A write that failed because the connection was closed, not because of what it wrote (quota, a bad row). */
function connectionClosed(cause: unknown, isOpen: boolean): boolean {
  const name = cause instanceof Error ? cause.name : '';
  return name === 'DatabaseClosedError' || name === 'InvalidStateError' || !isOpen;
}

export function createEngine(deps: EngineDeps): DoorlistEngine {
  const { db, log, timers, online } = deps;
  const nowMs = () => deps.now().getTime();

  // The cached app shell carries the policy it was served with; when the server's has changed since (DOORLIST_CONNECT_SRC
  // added), the worker takes the new one, and a block offers to reopen the app under it.
  const refreshShellPolicy = () => {
    if (!online.isOnline() || !deps.serviceWorker) return;
    askWorkerToRefreshShellPolicy(deps.serviceWorker, timers).then(
      (outcome) => (outcome === 'policyChanged' ? writeSyncStatus(db, { newerPolicy: true }) : undefined),
      (error: unknown) => log('security policy: could not refresh the cached shell', error),
    );
  };
  // A request the page's security policy refuses is recorded by origin (the fetch itself fails like a dropped network).
  const blocked = listenForBlockedRequests(deps.policyReports, db, deps.now, log, refreshShellPolicy);
  /** Blocks lifted: backoff earned while blocked must not keep the scans waiting (as when the network comes back). */
  const forgiveBackoff = (cleared: boolean) => (cleared ? makeQueueDue(db, nowMs()) : 0);
  const fetchImpl = blockAwareFetch(
    blocked.seen,
    (input) => {
      // A reply from an origin this page saw blocked: the block is over (cannot happen under one policy, but costs nothing).
      const origin = absoluteOrigin(input);
      if (origin !== null && blocked.seen.delete(origin)) {
        void clearBlockedOrigins(db, [origin]).then(forgiveBackoff).catch((error: unknown) => log('security policy: could not clear a block', error));
      }
    },
    deps.fetch,
  );

  const holdsSyncLock = deps.locks !== null;
  const runPass = createDevicePass({ db, fetchImpl, isOnline: online.isOnline, holdsSyncLock, newId: deps.newId, now: nowMs, random: deps.random, pageUrl: deps.pageUrl, origin: deps.origin, log, blockSource: 'page' });
  /** Tonic is blocked for this page: a failure then is the block, not the network, and Background Sync cannot help. */
  const tonicBlocked = async () => {
    const settings = await db.settings.get('device');
    return settings !== undefined && blockForSetup(await readSyncStatus(db), settings.config)?.service === 'Tonic';
  };

  const guestList = createGuestListRefresher({ db, fetchImpl, now: deps.now, origin: deps.origin, isOnline: online.isOnline, log, locks: deps.locks });
  const refreshSideData = createSideDataRefresher({ db, fetchImpl, now: nowMs, isOnline: online.isOnline, origin: deps.origin, log }, guestList);
  // Scans waiting for a network that is gone: ask the browser to wake the service worker when it is back, even if the
  // app has been closed by then. Not for 5xx or 429: those keep their own backoff.
  const askForBackgroundSync = () => {
    if (deps.serviceWorker) void requestBackgroundSync(deps.serviceWorker, log);
  };

  /** The network is back (the browser's `online`, or the gateway's feed open again): backoff earned without it is forgiven. */
  const sendWaitingNow = (wake: () => void) => {
    void makeQueueDue(db, nowMs()).then(wake, (error: unknown) => log('sync: could not reschedule queue', error));
  };

  const scheduler = new SyncScheduler(
    runPass,
    {
      locks: deps.locks,
      ...timers,
      now: nowMs,
      addWakeListener: (wake) => deps.onWake(wake, () => sendWaitingNow(wake)),
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

  /** What `stop` ends: listeners, subscriptions, the feed. */
  const stops: Array<() => void> = [blocked.stop];

  // The guest list sooner than its schedule: back online, and when the door's setup or occurrence changes.
  const followGuestList = () => {
    stops.push(online.onOnline(() => void guestList.refresh('online')));
    let listKey = '';
    const following = live(() => db.settings.get('device')).subscribe(
      (settings) => {
        const key = settings ? `${settings.configuredAt}|${preferencesOf(settings).occurrenceDate ?? ''}` : '';
        if (key === listKey) return;
        listKey = key;
        if (settings) void guestList.refresh('changed');
      },
      (error) => log('guest list: could not follow the settings', error),
    );
    stops.push(following);
  };

  // Through a gateway, other doors' check-ins arrive as a feed: one connection per setup, none while sync is paused
  // (refused or withdrawn credentials) or the device talks to Tonic directly.
  const followDoorFeed = () => {
    let stopFeed: (() => void) | null = null;
    let feedKey = '';
    stops.push(() => stopFeed?.());
    const following = live(async () => ({ settings: await db.settings.get('device'), paused: (await readSyncStatus(db)).pause !== null })).subscribe(
      ({ settings, paused }) => {
        const url = settings && !paused ? feedUrlFor(settings.config, deps.origin) : null;
        const key = url && settings ? `${url} ${settings.configuredAt}` : '';
        if (key === feedKey) return;
        feedKey = key;
        stopFeed?.();
        stopFeed = null;
        if (url && settings) {
          // The feed open again after failing means the gateway is reachable: queued scans go now, not after their backoff.
          stopFeed = startDoorFeed({ db, fetchImpl, now: deps.now, ...timers, log, onReconnected: () => sendWaitingNow(() => scheduler.wake()) }, url, settings.config.tonic.token);
        }
      },
      (error) => log('door feed: could not follow the settings', error),
    );
    stops.push(following);
  };

  let backlogState: BacklogState | null = null;
  let backlogView: BacklogView | null = null;
  const backlogListeners = new Set<() => void>();
  let watchingOutbox = false;
  const watchOutbox = () => {
    if (watchingOutbox) return;
    watchingOutbox = true; // for the app's lifetime: the count follows every tab's scans and sends
    const following = live(() => countWaiting(db)).subscribe(
      (waiting) => {
        backlogState = trackBacklog(backlogState, waiting, nowMs());
        backlogView = describeBacklog(backlogState);
        for (const listener of backlogListeners) listener();
      },
      (error) => log('backlog: could not follow the outbox', error),
    );
    stops.push(following);
  };

  const queries = liveQueries(db, deps.origin, nowMs);
  const liveFacade = Object.fromEntries(
    Object.entries(queries).map(([name, read]) => [name, (...args: unknown[]) => live(() => (read as (...a: unknown[]) => Promise<unknown>)(...args))]),
  ) as LiveFacade;

  const checkDeps = (config: SetupConfig): PreDoorsDeps => ({
    db,
    config,
    fetchImpl: deps.fetch,
    now: nowMs,
    appOrigin: deps.origin,
    camera: deps.camera,
    secureContext: deps.secureContext,
    storage: deps.storage,
    log,
  });

  /** The history's clearing (outbox/historyRetention.ts): from `start`, in the background, hourly. */
  let retention: ReturnType<typeof startHistoryRetention> | null = null;

  let decoder: Promise<BarcodeEngine> | null = null;
  let started = false;
  let stopped = false;

  const engine: DoorlistEngine = {
    open: async () => {
      await db.open();
    },
    start() {
      if (started) return;
      started = true;
      // A new page runs under the policy its server sends now: blocks seen under an older one are tried afresh.
      void clearBlockedOrigins(db)
        .then(forgiveBackoff)
        .catch((error: unknown) => log('security policy: could not clear old blocks', error))
        .then(() => {
          if (stopped) return; // stopped before the old blocks were cleared
          scheduler.start();
          refreshShellPolicy();
        });
      followDoorFeed();
      followGuestList();
      retention = startHistoryRetention({ db, now: nowMs, ...timers, log });
      stops.push(() => retention?.stop());
      if (!online.isOnline()) {
        void countWaiting(db).then((waiting) => waiting > 0 && askForBackgroundSync(), (error: unknown) => log('sync: could not count the outbox', error));
      }
    },
    stop() {
      stopped = true;
      scheduler.stop();
      void decoder?.then((engine) => engine.dispose?.()).catch((error: unknown) => log('decoder: could not be stopped', error));
      for (const stopOne of stops.splice(0)) stopOne();
      db.close();
    },
    live: liveFacade,
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
      const record = () => recordScan({ db, now: deps.now, newId: deps.newId }, config, input);
      let result = await record();
      if (!result.ok && !stopped && connectionClosed(result.cause, db.isOpen())) {
        // The browser closed the connection under us (storage cleared, another tab's upgrade, db.close()): the scan's
        // one transaction did not commit, so it is written again, once, on a reopened connection.
        log('scan: the database connection was closed; reopening it and saving the scan again', result.cause);
        try {
          if (!db.isOpen()) await db.open();
          result = await record();
        } catch (error) {
          log('scan: the database could not be reopened', error);
        }
      }
      if (result.ok && result.scan.state === 'queued') {
        if (!online.isOnline()) askForBackgroundSync();
        scheduler.wake();
      }
      if (!result.ok) log('scan: not saved', result.cause);
      return result;
    },
    async scanAndVerify(config, input, timeoutMs) {
      const result = await engine.scan(config, input);
      if (!result.ok || result.scan.state !== 'queued' || !online.isOnline()) return { result, answer: null };
      const answer = awaitServerAnswer(db, result.scan.id, timeoutMs, timers).catch((error: unknown): ServerAnswer => {
        log('verify: could not watch the scan for the server answer; showing the device decision', error);
        return { kind: 'timeout' };
      });
      return { result, answer };
    },
    currentSettings: () => queries.settings(),
    async setUp(config) {
      await applySetup(db, config, DEFAULT_BATCH_SIZE, deps.now());
      // Ask the browser not to evict the outbox under storage pressure; Activity shows its answer.
      await deps.storage?.persist?.().catch((error: unknown) => log('storage: persist() failed', error));
      scheduler.wake();
    },
    async updatePreferences(patch) {
      const changed = await updatePreferences(db, patch);
      if (changed && 'historyDays' in patch) retention?.runSoon(); // fewer days: what is now too old goes at once
      return changed;
    },
    async resumeSync() {
      await writeSyncStatus(db, { pause: null });
      scheduler.wake();
    },
    async sendAgain(scanId) {
      const queued = await sendAgain(db, scanId, deps.now());
      if (queued) scheduler.wake();
      return queued;
    },
    markHandled: (scanId) => markHandled(db, scanId, deps.now()),
    async addBookingNote(ticketId, text) {
      const result = await queueBookingNote(db, ticketId, text, deps.now(), deps.newId);
      if (!result.ok) return result.message;
      scheduler.wake();
      return null;
    },
    // Export and import are how a dead device's scans still reach the server: their code is in the app itself, never a
    // part loaded later that a device offline since its setup might not hold.
    exportScansJson: async (deviceName) => JSON.stringify(await exportScans(db, deps.now(), deviceName)),
    exportScansCsv: async () => scansToCsv(await db.scans.orderBy('id').toArray()),
    async importScans(file) {
      const tooBig = importSizeProblem(file.size);
      if (tooBig) return { ok: false, message: tooBig };
      const outcome = await importScans(db, await file.text(), deps.now());
      if (outcome.ok && outcome.queued + outcome.notesQueued > 0) scheduler.wake();
      return outcome;
    },
    async refreshGuestList() {
      await guestList.refresh('changed');
    },
    async importGuestFile(config, file, occurrence) {
      const tooBig = guestFileSizeProblem(file.size);
      if (tooBig) return { ok: false, lines: [tooBig] };
      return importGuestFile(db, config, await file.text(), occurrence, deps.now(), deps.locks);
    },
    async stopUsingFileList() {
      const stopped = await stopUsingFileList(db);
      if (stopped) scheduler.wake(); // the pass after it asks the gateway or DesignMyNight for the list again
      return stopped;
    },
    askToKeepStorage: () => askToKeepStorage(deps.storage),
    preDoorsCheck: (config, onRows) => runPreDoorsCheck(checkDeps(config), online.isOnline(), onRows),
    setupChecks(config) {
      const checks = checkDeps(config);
      const offline = !online.isOnline();
      const tonicAndClock = checkTonicAndClock(checks, offline);
      return {
        tonic: tonicAndClock.then(({ tonic }) => tonic),
        runsignup: checkRunSignup(checks, offline),
        guestList: guestList.refresh('changed').then(() => checkGuestList(checks)),
      };
    },
  };
  return engine;
}
