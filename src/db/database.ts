// The one Dexie class: every schema version of the device database lives here.
import Dexie, { type EntityTable } from 'dexie';
import type { CountRow, GuestListChunkRow, GuestListStateRow, LeaseRow, MutationRow, OccurrenceRow, ScanRow, SettingsRow, SyncStatusRow, TicketRow } from './tables.ts';
import { searchWordsMiddleware } from './searchWordsMiddleware.ts';
import { ticketSearchWords } from './ticketSearchWords.ts';
import { readServerAnswer } from '../model/serverVerdict.ts';

export const DATABASE_NAME = 'doorlist';

export class DoorlistDatabase extends Dexie {
  scans!: EntityTable<ScanRow, 'id'>;
  tickets!: EntityTable<TicketRow, 'ticketId'>;
  counts!: EntityTable<CountRow, 'ticketId'>;
  settings!: EntityTable<SettingsRow, 'id'>;
  syncStatus!: EntityTable<SyncStatusRow, 'id'>;
  occurrences!: EntityTable<OccurrenceRow, 'key'>;
  mutations!: EntityTable<MutationRow, 'id'>;
  leases!: EntityTable<LeaseRow, 'batchId'>;
  guestListChunks!: EntityTable<GuestListChunkRow, 'id'>;
  guestListState!: EntityTable<GuestListStateRow, 'id'>;

  constructor(name: string = DATABASE_NAME) {
    // Strict durability: a check-in is on disk before the green light, not just in the OS cache.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      scans: 'id, state, ticketId, [state+nextAttemptAt], [ticketId+direction]',
      tickets: 'ticketId, reference',
      counts: 'ticketId',
      settings: 'id',
      syncStatus: 'id',
    });
    // v2: cached Tonic event occurrences. A new table only: v1 data carries over untouched.
    this.version(2).stores({
      occurrences: 'key, eventId, occurrenceDate',
    });
    // v3: the outbox of other mutations (booking notes). A new table only.
    this.version(3).stores({
      mutations: 'id, state, [state+nextAttemptAt]',
    });
    // v4: Find a guest. A multiEntry index of each ticket's folded name words, compact reference and compact id, so a
    // prefix search reads index entries instead of every row (bench/search.ts). The primary key is unchanged; rows
    // written before v4 get their words here, and every later write gets them from searchWordsMiddleware.
    this.version(4)
      .stores({ tickets: 'ticketId, reference, *searchWords' })
      .upgrade((tx) =>
        tx
          .table<TicketRow & { searchWords?: string[] }>('tickets')
          .toCollection()
          .modify((ticket) => {
            ticket.searchWords = ticketSearchWords(ticket);
          }),
      );
    // v5: a batch in flight is one lease row, not its scans rewritten to `sending` (sync/outbox.ts). Scans an older
    // version left `sending` were being sent by a page that is gone now (the upgrade closed it): they are queued again,
    // at-least-once as after any crash.
    this.version(5)
      .stores({ leases: 'batchId' })
      .upgrade((tx) =>
        tx
          .table<ScanRow & { leaseUntil?: unknown; batchId?: unknown }>('scans')
          .where('state')
          .equals('sending')
          .modify((scan) => {
            scan.state = 'queued';
            delete scan.leaseUntil;
            delete scan.batchId;
          }),
      );
    // v6: Activity's "Needs attention" counted and listed from indexes: handled scans by state (an index without the
    // unhandled ones, whose handledAt is null). Built by IndexedDB from the rows already there; no data changes.
    this.version(6).stores({ scans: 'id, state, ticketId, [state+nextAttemptAt], [ticketId+direction], [state+handledAt]' });
    // v7: the guest list (issue 12, docs/guest-list.md): chunks of up to 25 entries of one occurrence, with multiEntry
    // indexes of their code keys, references and Find a guest's words (src/guestlist/listStore.ts); and one row about
    // the list. New tables only.
    this.version(7).stores({
      guestListChunks: '++id, *keys, *references, *searchWords',
      guestListState: 'id',
    });
    // v8: the server's answer is stored on the scan as a verdict (ScanRow.serverVerdict), written when a reply is
    // reconciled. Rows answered before get theirs here, read from the serverResult they kept by the same function the
    // sync pass uses (model/serverVerdict.ts). Rows the server never answered stay as they are.
    // Refused rows only: they are the ones a screen reads the server's verdict of (Activity's problems, the recent strip);
    // a confirmed row's verdict is read only while its scan waits for its answer, which rows made before v8 never will.
    // Filling every answered row cost 20-30 s of the first open on a device holding 100,000 of them; refusals are few.
    this.version(8).upgrade((tx) =>
      tx
        .table<ScanRow>('scans')
        .where('state')
        .equals('rejected')
        .modify((scan) => {
          // A row without a verdict (never written by this app, but an upgrade that throws would lock the door out) is left.
          if (scan.serverResult && scan.verdict) scan.serverVerdict = readServerAnswer(scan, scan.serverResult).verdict;
        }),
    );
    this.use(searchWordsMiddleware);
  }
}

export const emptySyncStatus = (): SyncStatusRow => ({
  id: 'sync',
  pause: null,
  lastSuccessAt: null,
  lastError: null,
  lastCountsAt: null,
  lastCountsError: null,
  lastOccurrencesAt: null,
  lastOccurrencesError: null,
});
