// What the screens show, read from the device database: each a function the engine turns into a live query.
// One query per thing a screen shows, so a screen never joins tables itself.
import { guestListSourceOf } from '../guestlist/guestListSource.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { CountRow, HistoryPruneRecord, MutationRow, OccurrenceRow, ScanRow, SettingsRow, SyncStatusRow, TicketRow } from '../db/tables.ts';
import { codeMiddleOf } from '../door/decideScan.ts';
import { findGuests, type FindGuestsResult } from '../door/searchGuests.ts';
import { readGuestListState } from '../guestlist/deviceGuestList.ts';
import { holdsEntries } from '../guestlist/listStore.ts';
import { mappingNoticeOf } from '../guestlist/mappingEvidence.ts';
import { describeGuestListBar, readGuestListFacts, type GuestListBar } from '../guestlist/guestListStatus.ts';
import { countWaiting, withInFlight } from '../outbox/outbox.ts';
import { movementsByHour, occurrenceSummaries, windowCountsInPlay, type HourMovements, type OccurrenceSummary, type WindowCountInPlay } from '../reports/doorCounts.ts';
import { countProblems, latestProblems } from '../reports/problems.ts';
import { historyDaysOf, preferencesOf } from '../settings/preferences.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';

/** A scan on screen with what the device knows of its ticket (guest name, RunSignup window count). */
export interface ShownScan {
  scan: ScanRow;
  ticket: TicketRow | null;
  count: CountRow | null;
}

export interface ActivityCounts {
  waiting: number;
  confirmed: number;
  refused: number;
  failed: number;
  problems: number;
  unconfirmed: number;
}

export type ActivityTab = 'problems' | 'all';

/** How long this device keeps its scan history, and what the last clearing did (null: none yet). */
export interface HistoryRetention {
  days: number;
  lastPrune: HistoryPruneRecord | null;
}

export interface DoorCounts {
  occurrences: OccurrenceSummary[];
  hours: HourMovements[];
  counts: WindowCountInPlay[];
  waiting: number;
  status: SyncStatusRow | null;
}

export interface GuestSearch extends FindGuestsResult {
  query: string;
}

/** The newest scans, a scan in a live batch shown as sending. */
const newestScans = async (db: DoorlistDatabase, limit: number, nowMs: number): Promise<ScanRow[]> =>
  withInFlight(db, await db.scans.orderBy('id').reverse().limit(limit).toArray(), nowMs);

const syncStatusOf = async (db: DoorlistDatabase): Promise<SyncStatusRow | null> => (await db.syncStatus.get('sync')) ?? null;

/** `nowMs`: the engine's clock, read each time a query runs (a scan in a live batch shows as sending; the hour window moves). */
export function liveQueries(db: DoorlistDatabase, origin: string, nowMs: () => number) {
  return {
    settings: async (): Promise<SettingsRow | null> => (await db.settings.get('device')) ?? null,
    waiting: (): Promise<number> => countWaiting(db),
    syncStatus: (): Promise<SyncStatusRow | null> => syncStatusOf(db),
    /** The scan screen's recent strip. */
    recentScans: (limit: number): Promise<ScanRow[]> => newestScans(db, limit, nowMs()),
    shownScan: async (scanId: string): Promise<ShownScan | null> => {
      const stored = await db.scans.get(scanId);
      if (!stored) return null;
      const scan = (await withInFlight(db, [stored], nowMs()))[0]!;
      if (!scan.ticketId) return { scan, ticket: null, count: null };
      const [ticket, count] = await Promise.all([db.tickets.get(scan.ticketId), db.counts.get(scan.ticketId)]);
      return { scan, ticket: ticket ?? null, count: count ?? null };
    },
    occurrence: async (eventId: string, occurrenceDate: string): Promise<OccurrenceRow | null> => (await db.occurrences.get(`${eventId}|${occurrenceDate}`)) ?? null,
    /** The Event screen: each occurrence with the door's counts, and when occurrences were last fetched. */
    eventOverview: async (eventId: string): Promise<{ summaries: OccurrenceSummary[]; status: SyncStatusRow | null }> => ({
      summaries: await occurrenceSummaries(db, eventId),
      status: await syncStatusOf(db),
    }),
    /** Activity's event part: the cached occurrences, and the sync status (when fetched, the last error, blocks). */
    eventOccurrences: async (eventId: string): Promise<{ occurrences: OccurrenceRow[]; status: SyncStatusRow | null }> => ({
      occurrences: await db.occurrences.where('eventId').equals(eventId).sortBy('occurrenceDate'),
      status: await syncStatusOf(db),
    }),
    activityCounts: async (): Promise<ActivityCounts> => {
      const [waiting, confirmed, refused, failed, problems, unconfirmed] = await Promise.all([
        countWaiting(db),
        db.scans.where('state').equals('confirmed').count(),
        db.scans.where('state').equals('rejected').count(),
        db.scans.where('state').equals('failed').count(),
        countProblems(db),
        db.scans.where('state').equals('sentUnconfirmed').count(),
      ]);
      return { waiting, confirmed, refused, failed, problems, unconfirmed };
    },
    /** Activity's list: the problems to work through, or every scan; each with its guest's name where known. */
    activityList: async (tab: ActivityTab, limit: number): Promise<Array<{ row: ScanRow; guestName: string | null }>> => {
      const rows = tab === 'problems' ? await latestProblems(db, limit) : await newestScans(db, limit, nowMs());
      const tickets = await db.tickets.bulkGet(rows.map((row) => row.ticketId ?? ''));
      return rows.map((row, index) => ({ row, guestName: tickets[index]?.guestName ?? null }));
    },
    /** Activity's line about the history: the days kept (the device's preference) and the last clearing. */
    historyRetention: async (): Promise<HistoryRetention> => {
      const [settings, status] = await Promise.all([db.settings.get('device'), syncStatusOf(db)]);
      return { days: historyDaysOf(preferencesOf(settings)), lastPrune: status?.historyPrune ?? null };
    },
    bookingNotes: (limit: number): Promise<MutationRow[]> => db.mutations.orderBy('id').reverse().limit(limit).toArray(),
    /** The Counts screen: occurrences, movements per hour over the last `windowMs`, RunSignup counts in play. */
    doorCounts: async (eventId: string, windowMs: number): Promise<DoorCounts> => {
      const at = nowMs();
      const [occurrences, hours, counts, waiting, status] = await Promise.all([
        occurrenceSummaries(db, eventId),
        movementsByHour(db, at - windowMs, at),
        windowCountsInPlay(db, at),
        countWaiting(db),
        syncStatusOf(db),
      ]);
      return { occurrences, hours, counts, waiting, status };
    },
    /** Whether Find a guest has anyone to find: a ticket this device knows, or a guest list. */
    knowsGuests: async (): Promise<boolean> => (await db.tickets.limit(1).primaryKeys()).length > 0 || holdsEntries(db),
    /** Find a guest: the tickets this device knows and its guest list, by name words, reference or ticket id. */
    searchGuests: async (query: string): Promise<GuestSearch> => {
      const state = await db.guestListState.get('guestList');
      const codeMiddle = state ? codeMiddleOf({ meta: state.meta, localCodeMiddle: state.localCodeMiddle }) : null;
      return { query, ...(await findGuests(db, query, codeMiddle)) };
    },
    /** The top bar's guest list line, as of `nowMs`. */
    guestListBar: async (config: SetupConfig, nowMs: number): Promise<GuestListBar | null> => {
      const facts = await readGuestListFacts(db, config, guestListSourceOf(config, origin), new Date(nowMs));
      return describeGuestListBar(facts, nowMs);
    },
    /** Where the door's list came from (a file, a download), or null with no list. */
    guestListOrigin: async () => (await readGuestListState(db)).origin,
    /** The warning that the list cannot be trusted to refuse unknown codes (confirmed check-ins disagree with it). */
    mappingNotice: async (unknownCodes: 'admit' | 'refuse'): Promise<string | null> => mappingNoticeOf(await db.guestListState.get('guestList'), unknownCodes),
    /** Origins the page's security policy refused (the pre-doors and setup checks explain a failure with them). */
    blockedOrigins: async () => (await syncStatusOf(db))?.blockedOrigins ?? [],
  };
}

export type LiveQueries = ReturnType<typeof liveQueries>;
