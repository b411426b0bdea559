// A direct setup's guest list: DesignMyNight's Event Guests API read by the device itself (setup link `guestList`), for
// the door's occurrence and today, stored whole in one transaction. The API's hourly limit is shared by every door.
import type { FetchLike } from '../api/httpRequest.ts';
import { resolveBaseUrl } from '../api/tonicClient.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { createDmnGuestsClient, entriesFromDmn, type DmnGuestsClient, type GuestsError } from './dmnGuestsClient.ts';
import { noteGuestListProblem, ownListMeta, readGuestListState, replaceGuestList } from './deviceGuestList.ts';
import type { GuestListEntry } from '../model/guestListEntry.ts';
import type { GuestListRefreshOutcome } from './gatewayGuestList.ts';

/** The client for a setup that reads DesignMyNight itself, or null (a gateway setup, or no credentials in the link). */
export function dmnClientFor(config: SetupConfig, fetchImpl: FetchLike, clock: () => Date, origin: string): DmnGuestsClient | null {
  const list = config.guestList;
  if (!list?.baseUrl || !list.appId || !list.key) return null;
  return createDmnGuestsClient({ baseUrl: resolveBaseUrl(list.baseUrl, origin), appId: list.appId, key: list.key, eventId: config.tonic.eventId }, fetchImpl, clock);
}

/** Words for staff: what went wrong and what happens next. */
export function dmnProblemText(error: GuestsError): string {
  switch (error.kind) {
    case 'auth':
      return 'DesignMyNight refused the guest list key: ask your organiser for a new setup link.';
    case 'rateLimited':
      // When it may ask again is the state's retryAt, which the screens show in the venue's time.
      return "DesignMyNight's hourly limit for guest lists is used up; the list on this door was kept.";
    case 'network':
    case 'timeout':
      return 'Cannot reach DesignMyNight for the guest list; the list on this door was kept.';
    case 'notFound':
      return `DesignMyNight has no guest list for this date (${error.message}).`;
    case 'malformed':
      return `DesignMyNight's guest list could not be read (${error.message}); the list on this door was kept.`;
    default:
      return `DesignMyNight answered with an error (${error.message}); the list on this door was kept.`;
  }
}

export interface DmnListDeps {
  db: DoorlistDatabase;
  client: DmnGuestsClient;
  now: () => Date;
  log: (message: string, context?: unknown) => void;
}

/**
 * One refresh: the door's occurrence (needed), then today when that is another date (kept when it fails with "no such
 * occurrence": a night the event does not run). Nothing is asked while the rate limit's wait, recorded on the state
 * row, has not passed: not even after a reload, when the client's own memory of it is gone.
 */
export async function refreshFromDmn(deps: DmnListDeps, config: SetupConfig, doorOccurrence: string, today: string): Promise<GuestListRefreshOutcome> {
  const state = await readGuestListState(deps.db);
  if (state.retryAt !== null && Date.parse(state.retryAt) > deps.now().getTime()) return { kind: 'failed', message: state.lastError ?? 'Waiting for the rate limit.' };
  const failed = async (error: GuestsError): Promise<GuestListRefreshOutcome> => {
    deps.log('guest list: DesignMyNight refresh failed', error);
    const message = dmnProblemText(error);
    await noteGuestListProblem(deps.db, message, error.retryAt);
    return { kind: 'failed', message };
  };
  const entries: GuestListEntry[] = [];
  const occurrences: string[] = [];
  for (const occurrence of [...new Set([doorOccurrence, today])]) {
    const reply = await deps.client.fetchGuests(occurrence);
    if (!reply.ok) {
      if (occurrence !== doorOccurrence && reply.error.kind === 'notFound') continue;
      return failed(reply.error);
    }
    entries.push(...entriesFromDmn(reply.value));
    occurrences.push(occurrence);
  }
  const fetchedAt = deps.now().toISOString();
  const meta = ownListMeta(config.tonic.eventId, 'dmn', entries, occurrences, fetchedAt);
  await replaceGuestList(deps.db, entries, { meta, origin: 'dmn', syncedAt: fetchedAt });
  return { kind: 'stored', full: true, puts: entries.length, dels: 0, version: 0 };
}
