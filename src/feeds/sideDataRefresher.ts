// RunSignup counts, Tonic occurrences and the guest list, refreshed beside the sync runner, never inside it: a slow or
// dead counts endpoint must not hold the sync lock and delay check-ins (fault matrix row 13b).
import type { FetchLike } from '../api/httpRequest.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import { OCCURRENCES_REFRESH_MS, refreshOccurrences } from './refreshOccurrences.ts';
import { refreshWindowCounts } from './refreshWindowCounts.ts';
import { readSyncStatus } from '../sync/syncStatus.ts';
import { numericTicketsInPlay } from './ticketsInPlay.ts';
import { runsignupClientFor, tonicClientFor } from '../api/clientsForSetup.ts';
import type { GuestListRefresher } from './guestListRefresher.ts';

/** RunSignup counts move with every door's check-ins: refresh the ones in play this often while online. */
export const COUNTS_REFRESH_MS = 60_000;

export interface SideDataDeps {
  db: DoorlistDatabase;
  fetchImpl: FetchLike;
  now: () => number;
  isOnline: () => boolean;
  /** The app's origin: relative setup addresses resolve against it. */
  origin: string;
  log: (message: string, context?: unknown) => void;
}

/** Returns `refresh(touchedTicketIds)`: starts a refresh unless one runs, in which case it runs again after it. */
export function createSideDataRefresher({ db, fetchImpl, now, isOnline, origin, log }: SideDataDeps, guestList: GuestListRefresher | null = null) {
  let running = false;
  let again = false;
  let inPlayRefreshedAt = 0; // its own clock: refreshes of just-sent tickets must not starve the wider refresh
  const touched = new Set<string>();

  async function refreshOnce(ticketIds: string[]): Promise<void> {
    const settings = await db.settings.get('device');
    if (!settings || !isOnline()) return;
    const { config } = settings;
    const status = await readSyncStatus(db);
    if (status.pause) return; // refused or withdrawn credentials: asking again only earns more refusals
    const age = (iso: string | null | undefined) => now() - (iso ? Date.parse(iso) : 0);
    const runsignup = runsignupClientFor(config, fetchImpl, origin);
    if (runsignup) {
      const justSent = ticketIds.filter((id) => /^\d+$/.test(id));
      let wanted = justSent;
      if (now() - inPlayRefreshedAt >= COUNTS_REFRESH_MS) {
        inPlayRefreshedAt = now();
        wanted = [...new Set([...justSent, ...(await numericTicketsInPlay(db, now()))])];
      }
      if (wanted.length > 0) await refreshWindowCounts(db, runsignup, wanted, now, log);
    }
    if (age(status.lastOccurrencesAt) >= OCCURRENCES_REFRESH_MS) {
      await refreshOccurrences(db, tonicClientFor(config, fetchImpl, origin), config.tonic.eventId, config.venueTimeZone, now, log);
    }
  }

  return (ticketIds: readonly string[]): void => {
    // Its own single flight: a 100,000-ticket first download must not hold up the counts, nor they it.
    void guestList?.refresh('timer');
    for (const id of ticketIds) touched.add(id);
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        do {
          again = false;
          const batch = [...touched];
          touched.clear();
          await refreshOnce(batch);
        } while (again);
      } catch (error) {
        log('side data: refresh failed', error);
      } finally {
        running = false;
      }
    })();
  };
}
