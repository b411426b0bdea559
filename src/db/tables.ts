// Row types of the Doorlist IndexedDB tables (see DESIGN.md "Data model").
import type { Verdict } from '../model/verdict.ts';
import type { CodeMiddle, GuestListMeta, MappingEvidence } from '../model/guestListEntry.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';

export type ScanDirection = 'in' | 'out';

/**
 * `local` is a scan kept as history only (refused at the door, never sent): the outbox is the rows in `queued`.
 * `sending` is never stored since schema v5: it is how a queued row in a live batch lease is shown (outbox.ts
 * `withInFlight`), and what exports of older versions may say.
 */
export type ScanState = 'queued' | 'sending' | 'confirmed' | 'rejected' | 'failed' | 'local' | 'sentUnconfirmed';

export type ScanSource = 'camera' | 'keyboard' | 'manual';

/** What the server said about one scan, kept verbatim enough to show staff and to export. */
export interface ServerResult {
  result: string;
  message: string | null;
  checkedInAt: string | null;
  checkedInDevice: string | null;
  receivedAt: string;
}

export interface ScanRow {
  id: string; // ULID: sortable by time, unique per scan from scan to server reply
  payload: string;
  ticketId: string | null;
  direction: ScanDirection;
  scannedAt: string; // ISO 8601 UTC
  venueTime: string; // 'YYYY-MM-DD HH:MM:SS' in the venue timezone at scan time; what Tonic gets as `time`
  deviceName: string;
  source: string; // Tonic `source` tag
  input: ScanSource;
  verdict: Verdict;
  state: ScanState;
  attempts: number;
  nextAttemptAt: number; // epoch ms
  serverResult: ServerResult | null;
  /**
   * The server's answer as a door verdict (model/serverVerdict.ts read it from serverResult), written with serverResult
   * when a reply is reconciled; v8 filled it in on rows answered before. Screens show this, never serverResult's strings.
   * Null or absent: the server has said nothing about this scan's ticket (not sent, failed, or taken in bulk). Stale
   * once the scan is sent again: read it only for confirmed and rejected rows (sync/awaitServerAnswer.ts verdictFromServer).
   */
  serverVerdict?: Verdict | null;
  lastError: string | null;
  /** Staff dealt with this refused or failed scan (Activity, "Mark handled"): an ISO time. In `[state+handledAt]` (v6). */
  handledAt?: string | null;
  /** Set on scans brought in from another device's export. */
  importedAt?: string | null;
}

/**
 * Mutations other than scans, queued like scans (DESIGN.md: an outbox beside `scans`): today a staff note on a booking
 * (Tonic Update Purchase). They never decide anything at the door, so they live apart from the scan outbox.
 */
export interface MutationRow {
  id: string; // ULID
  kind: 'purchaseComment';
  purchaseId: string;
  ticketId: string | null; // the ticket it was written from, for staff
  comments: string;
  createdAt: string;
  state: 'queued' | 'sending' | 'confirmed' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export type TicketStatus = 'valid' | 'unknown' | 'cancelled';

/**
 * One batch in flight (DESIGN.md "Sync rules", claim): the scans a sender took, and until when they are its own. The
 * scans stay `queued`; the lease is the claim. It shrinks as its scans settle, is deleted once empty, and is deleted
 * when it expires (its sender died or stalled) by the next claim or pass start, so a scan is in at most one lease.
 */
export interface LeaseRow {
  batchId: string; // ULID
  /** Each scan with its ticket: a ticket's later scans wait while one of its scans is in flight, so they arrive in order. */
  scans: Array<{ id: string; ticketId: string | null }>;
  leaseUntil: number; // epoch ms
}

export interface TicketRow {
  ticketId: string;
  status: TicketStatus;
  reference: string | null;
  guestName: string | null;
  checkedInAt: string | null; // venue time 'YYYY-MM-DD HH:MM:SS' of the check-in this device knows of; null when not in
  checkedInDoor: string | null;
  updatedAt: string;
  /** The scan that last set checkedInAt/checkedInDoor here: a server reply about an older scan must not undo it. */
  lastScanId?: string;
}

export interface CountRow {
  ticketId: string;
  windowCheckedInCount: number;
  fetchedAt: string;
}

/** A Tonic event occurrence as last fetched (Get Event Occurrences), for the door's capacity and sales. */
export interface OccurrenceRow {
  key: string; // `${eventId}|${occurrenceDate}`
  eventId: string;
  occurrenceDate: string; // YYYY-MM-DD, venue calendar
  start: string | null;
  end: string | null;
  niceDate: string | null;
  onSale: boolean | null;
  cancelled: boolean;
  soldOut: boolean;
  capacity: number | null;
  sold: number | null;
  fetchedAt: string;
}

export interface SettingsRow {
  id: 'device';
  config: SetupConfig;
  batchSize: number;
  /** Async policy: a backlog above this many queued scans goes with Tonic's `async: true`; null: always live (async false). */
  asyncAboveBacklog?: number | null;
  configuredAt: string;
  /** Set on the device (Settings), kept across new setups; see settings/preferences.ts. */
  preferences?: Partial<DevicePreferences>;
}

/** 'auth': the server refused the credentials; 'revoked': a gateway withdrew this device (its credentials were wiped here). */
export type SyncPause = { kind: 'auth' | 'revoked'; message: string; since: string };

/** A send that failed: when, and how (an ApiErrorKind: 'network', 'timeout', 'server', …). */
export interface SyncFailure {
  at: number;
  kind: string;
}

export interface SyncStatusRow {
  id: 'sync';
  pause: SyncPause | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastCountsAt: string | null;
  lastCountsError: string | null;
  lastOccurrencesAt?: string | null;
  lastOccurrencesError?: string | null;
  /** The server asked us (Retry-After) to send nothing before this time (epoch ms). */
  notBeforeAt?: number | null;
  /**
   * The last failed send (time, epoch ms, and its ApiErrorKind), cleared by the next success: a 'network' or 'timeout'
   * failure is what the top bar calls "Can't reach the server" while the browser still says online. Not indexed, so
   * added without a schema version (absent on rows written before it: read as null).
   */
  lastFailure?: SyncFailure | null;
  /** The last gateway door-feed event applied (its `seq`): the feed resumes after it. */
  feedCursor?: number | null;
  /** Origins the page's security policy (CSP connect-src) refused a request to; see sync/connectionBlock.ts. */
  blockedOrigins?: BlockedOrigin[];
  /** The same, seen by the service worker, whose policy is the one its sw.js came with: only the worker's pass heeds these. */
  workerBlockedOrigins?: BlockedOrigin[];
  /** The server now sends another security policy than the one this page opened under: reopening the app applies it. */
  newerPolicy?: boolean;
  /** What the history's last clearing did (outbox/historyRetention.ts), for Activity; absent: never run. */
  historyPrune?: HistoryPruneRecord | null;
}

/** What the history's last clearing did (outbox/historyRetention.ts), kept in the sync-status row for Activity ("1,234 older scans cleared on 3 Dec"). */
export interface HistoryPruneRecord {
  /** When scans were last cleared (ISO); null: never on this device. */
  at: string | null;
  /** Cleared then. */
  removed: number;
  /** Cleared since this app version started clearing (a clearing cut short by a closed page is not counted). */
  totalRemoved: number;
  /** Older scans kept at the last run, because they are not settled. */
  keptOlder: number;
}

/** An origin the app's own server does not let it connect to, and when that was first seen (ISO). */
export interface BlockedOrigin {
  origin: string;
  since: string;
}

/**
 * One ticket of the guest list on this device (v7; src/model/guestListEntry.ts). Primary key `[occurrence+key]`: a
 * scanned code is looked up by `key` across every occurrence the device holds (another date's ticket says so).
 * `searchWords` (Find a guest) is kept by searchWordsMiddleware like a ticket's.
 */
/**
 * The guest list is stored in chunks (v7): up to GUEST_LIST_CHUNK_SIZE (25) entries of one occurrence per row, so 100,000
 * tickets are about 4,000 IndexedDB records (a put costs ~60 µs whatever its size; an index entry ~2 µs). Only
 * src/guestlist/listStore.ts reads or writes these rows; `chunkRowOf` there is the one place they are made.
 */
export interface GuestListChunkRow {
  /** Auto-increment: absent on a row not yet written. */
  id?: number;
  occurrence: string;
  /**
   * The entries as one JSON text of wire tuples (`encodeEntry`, the gateway's format): IndexedDB copies a string far
   * faster than 100 objects (reading 970 chunks of objects took ~4 s in Chromium). listStore's `unpackChunk` reads it.
   */
  packed: string;
  /** multiEntry: every entry's code key. */
  keys: string[];
  /** multiEntry: every entry's ticket reference and booking (purchase) reference. */
  references: string[];
  /** multiEntry: the union of the entries' Find a guest words (ticketSearchWords of each). */
  searchWords: string[];
}

/** Where this device's list comes from: its gateway, DesignMyNight directly (setup link `guestList`), or a file. */
export type GuestListOrigin = 'gateway' | 'dmn' | 'file';

/** The device's one row about its guest list (v7). */
export interface GuestListStateRow {
  id: 'guestList';
  /** Null: no list on this device. */
  meta: GuestListMeta | null;
  origin: GuestListOrigin | null;
  /** When this device last stored a complete list or delta (ISO). */
  syncedAt: string | null;
  /** The last failure to get the list, in words for staff; null after a success. */
  lastError: string | null;
  /** Rate limited (or asked to wait) until this instant (ISO). */
  retryAt: string | null;
  /** What this device's own confirmed check-ins showed about the mapping; the door uses the larger of this and the meta's. */
  localMapping: MappingEvidence;
  localCodeMiddle: CodeMiddle | null;
  /** Entries held per occurrence (the list store keeps it with every write of the list): the top bar's count, no scan of the chunks. */
  entryCounts: Record<string, number>;
}

/** This door's preferences (settings/preferences.ts): what staff change on the device itself, kept in the settings row. */
export interface DevicePreferences {
  /** A distinct sound per verdict. */
  sound: boolean;
  /** A distinct vibration pattern per verdict, where the device can vibrate. */
  haptics: boolean;
  /** When online, wait for the server's answer (up to `verifyTimeoutMs`) before showing the verdict. */
  verifyOnlineFirst: boolean;
  verifyTimeoutMs: number;
  /** Kiosk mode: fullscreen, screen kept awake, settings behind the PIN, back to Scan after a minute idle. */
  kioskMode: boolean;
  /** PBKDF2 hash of the kiosk PIN (see kioskPin.ts); null: no PIN set. Never the PIN itself. */
  kioskPinHash: string | null;
  /** The Tonic occurrence this door is checking in (`occurrence_date`), chosen on the Event screen; null: not chosen. */
  occurrenceDate: string | null;
  /** What a code gets while no guest list is loaded or it is stale (docs/guest-list.md); null: the setup link's, else `admit`. */
  unknownCodes: 'admit' | 'refuse' | null;
  /** A list older than this many minutes is stale; null: the setup link's, else DEFAULT_LIST_MAX_AGE_MINUTES. */
  listMaxAgeMinutes: number | null;
  /** Settled scans are cleared from this device this many days after their last change (outbox/historyRetention.ts); null: DEFAULT_HISTORY_DAYS. */
  historyDays: number | null;
}
