// When the door's guest list is refreshed: at start, back online, when the door's occurrence or setup changes, and on a
// schedule (a gateway's deltas are cheap: each minute; DesignMyNight's hourly limit is shared by every door: 10 minutes).
// One refresh at a time; clock, fetch and online state are injected.
import type { FetchLike } from '../api/httpRequest.ts';
import { toVenueTime } from '../api/venueTime.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import { preferencesOf } from '../settings/preferences.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { readSyncStatus } from '../sync/syncStatus.ts';
import { doorOccurrenceOf, readGuestListState } from '../guestlist/deviceGuestList.ts';
import type { DmnGuestsClient } from '../guestlist/dmnGuestsClient.ts';
import { dmnClientFor, refreshFromDmn } from '../guestlist/dmnGuestList.ts';
import { refreshFromGateway, type GuestListRefreshOutcome } from '../guestlist/gatewayGuestList.ts';
import { DMN_LIST_REFRESH_MS, GATEWAY_LIST_REFRESH_MS, GUEST_LIST_LOCK, MIN_REFRESH_GAP_MS, guestListSourceOf } from '../guestlist/guestListSource.ts';

/** 'timer': the regular call after each sync pass; 'online' and 'changed' (occurrence or setup) ask sooner. */
export type RefreshReason = 'timer' | 'online' | 'changed';

export interface GuestListRefresherDeps {
  db: DoorlistDatabase;
  fetchImpl: FetchLike;
  now: () => Date;
  origin: string;
  isOnline: () => boolean;
  log: (message: string, context?: unknown) => void;
  /** Web Locks, where the browser has them: two open tabs never download or write the list at once. */
  locks?: Pick<LockManager, 'request'> | null;
}


export function createGuestListRefresher(deps: GuestListRefresherDeps) {
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastKey = '';
  let dmn: { key: string; client: DmnGuestsClient } | null = null;
  let running: Promise<GuestListRefreshOutcome | null> | null = null;
  let again: RefreshReason | null = null;

  /** One client per setup: it remembers the rate limit's reset and shares concurrent requests. */
  const dmnClient = (config: SetupConfig): DmnGuestsClient | null => {
    const key = JSON.stringify(config.guestList ?? null) + config.tonic.eventId;
    if (dmn?.key !== key) {
      const client = dmnClientFor(config, deps.fetchImpl, deps.now, deps.origin);
      dmn = client ? { key, client } : null;
    }
    return dmn?.client ?? null;
  };

  /** Refreshes when due; null when it did not try (not due, offline, paused, no source, a file's list). */
  async function refreshIfDue(reason: RefreshReason): Promise<GuestListRefreshOutcome | null> {
    const settings = await deps.db.settings.get('device');
    if (!settings || !deps.isOnline()) return null;
    const { config } = settings;
    const source = guestListSourceOf(config, deps.origin);
    if (source === null) return null;
    if ((await readSyncStatus(deps.db)).pause) return null; // refused or withdrawn credentials: asking only earns refusals
    // A list staff imported from a file stays until they remove it or the door is set up again.
    const state = await readGuestListState(deps.db);
    if (state.origin === 'file') return null;
    const nowDate = deps.now();
    const nowMs = nowDate.getTime();
    // The source asked for a wait (a rate limit's reset, a Retry-After): nothing before it, whatever the reason.
    if (state.retryAt !== null && Date.parse(state.retryAt) > nowMs) return null;
    const occurrence = doorOccurrenceOf(config, preferencesOf(settings), nowDate, state.meta?.occurrences);
    const today = toVenueTime(nowDate, config.venueTimeZone).slice(0, 10);
    const key = `${settings.configuredAt}|${occurrence}|${today}`;
    // Another tab's download counts too (its list is stored): two open tabs do not ask twice as often.
    const stored = state.origin === source && state.syncedAt !== null ? Date.parse(state.syncedAt) : Number.NEGATIVE_INFINITY;
    const elapsed = nowMs - Math.max(lastAttemptAt, stored);
    const interval = source === 'gateway' ? GATEWAY_LIST_REFRESH_MS : DMN_LIST_REFRESH_MS;
    // Called after every sync pass (a busy door: several a minute), so nothing but a change skips the intervals: a date the
    // source does not have must not turn into a request per pass.
    const changed = lastKey !== '' && key !== lastKey; // this page saw the setup, the door's date or the day change
    const asked = reason !== 'timer' || lastKey === ''; // back online, a change, or this page's start
    const due = changed || elapsed >= interval || (asked && elapsed >= MIN_REFRESH_GAP_MS);
    if (!due) return null;
    lastKey = key;
    lastAttemptAt = nowMs;
    if (source === 'gateway') return refreshFromGateway({ db: deps.db, fetchImpl: deps.fetchImpl, now: deps.now, origin: deps.origin, log: deps.log }, config, occurrence);
    const client = dmnClient(config);
    return client ? refreshFromDmn({ db: deps.db, client, now: deps.now, log: deps.log }, config, occurrence, today) : null;
  }

  /** Starts a refresh (when due) unless one runs; then it runs once more after it. Resolves with the last outcome. */
  function refresh(reason: RefreshReason = 'timer'): Promise<GuestListRefreshOutcome | null> {
    if (running) {
      if (again !== 'changed') again = reason === 'timer' ? (again ?? 'timer') : reason;
      return running;
    }
    running = (async () => {
      let outcome: GuestListRefreshOutcome | null = null;
      let next: RefreshReason | null = reason;
      try {
        while (next !== null) {
          again = null;
          const reason: RefreshReason = next;
          // A run asked for meanwhile that finds nothing due keeps the outcome of the one before it.
          outcome = (deps.locks ? await deps.locks.request(GUEST_LIST_LOCK, () => refreshIfDue(reason)) : await refreshIfDue(reason)) ?? outcome;
          next = again;
        }
      } catch (error) {
        deps.log('guest list: refresh failed', error);
      } finally {
        running = null;
      }
      return outcome;
    })();
    return running;
  }

  return { refresh };
}

export type GuestListRefresher = ReturnType<typeof createGuestListRefresher>;
