// What the gateway keeps (devices, check-ins, where each ticket is, the audit log, the guest list): the interface any store
// implements. Promise-based although SQLite answers at once, so a PostgreSQL store for several replicas fits the same shape.
import type { CodeMiddle, GuestListEntry, MappingEvidence } from '../../src/model/guestListEntry.ts';

export interface DeviceRow {
  id: number;
  name: string;
  /** SHA-256 of the device token, base64url. The token itself is never stored. */
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

export type Direction = 'in' | 'out';

/** One forwarded check-in or check-out with the upstream's answer for it (`queued` for an async batch). */
export interface MovementInput {
  ticketId: string;
  direction: Direction;
  deviceId: number;
  door: string;
  /** The scan time as the device sent it, `YYYY-MM-DD HH:MM:SS`, venue-local. */
  scanTime: string;
  source: string;
  result: string;
  isAsync: boolean;
  receivedAt: string;
  /** What this answer teaches the gateway about where the ticket is; null when it teaches nothing. */
  presence: PresenceUpdate | null;
  /**
   * The booking (Tonic purchase id) of a ticket the upstream answered for by id: a booking a door may add a note to.
   * Null when the upstream did not vouch for the ticket (not found, queued) or the ticket id names no booking.
   */
  knownPurchaseId?: string | null;
}

/** A recorded movement: what was forwarded and answered, numbered; what it taught about presence lives in PresenceRow. */
export interface MovementRow extends Omit<MovementInput, 'presence' | 'knownPurchaseId'> {
  seq: number;
}

export interface PresenceUpdate {
  status: Direction;
  /** The door and scan time of the check-in that counts (the first one, for a ticket that was already in). */
  door: string;
  scanTime: string;
  /** Null when the upstream reported a check-in this gateway never forwarded. */
  deviceId: number | null;
  source: string | null;
  upstreamId: string | null;
  reference: string | null;
  /** `always`: this answer is the latest word (success). `unlessIn`: keep an earlier check-in (queued, already in). */
  mode: 'always' | 'unlessIn';
}

/** What the store knows of a ticket now: the presence update that counts, and the movement that made it. */
export interface PresenceRow extends Omit<PresenceUpdate, 'mode'> {
  ticketId: string;
  seq: number;
}

export interface AuditInput {
  at: string;
  deviceId: number | null;
  /** e.g. `tonic.checkin`, `tonic.checkout`, `tonic.purchase_update`. */
  operation: string;
  /** The path only: a query string may carry credentials. */
  path: string;
  itemCount: number;
  answeredByGateway: number;
  /** The status the device got. */
  status: number;
  upstreamStatus: number | null;
  /** A fixed phrase from the gateway's code, never text from a request or a reply. */
  detail: string | null;
}

export interface AuditRow extends AuditInput {
  seq: number;
}

export class DuplicateDeviceNameError extends Error {
  readonly code = 'duplicate_device_name';
  constructor(name: string) {
    super(`A device named "${name}" is already enrolled; revoke it first or choose another name`);
  }
}

export type GuestListSource = 'dmn' | 'file';

/** One date the guest list holds: where it came from, when it was last read from there, how many tickets. */
export interface GuestListOccurrence {
  occurrence: string;
  source: GuestListSource;
  fetchedAt: string;
  size: number;
  /** Some entries are keyed by a plain code (a file brought RunSignup numbers). */
  holdsNumbers: boolean;
}

/** The guest list as a whole (null from the store until a list was first stored). */
export interface GuestListState {
  eventId: string;
  /** Grows by one with every change of any entry; starts at the creation time in ms, so two databases never share versions. */
  version: number;
  /** A device whose version is below this gets the whole list: the deletes it would need were forgotten. */
  floorVersion: number;
  codeMiddle: CodeMiddle | null;
  mapping: MappingEvidence;
  /** The "list does not match the tickets" warning was logged (it is logged once). */
  mismatchWarned: boolean;
  /** Learned from Tonic's purchase replies (`item.minimum_age`). */
  minimumAge: string | null;
  occurrences: GuestListOccurrence[];
}

export interface GuestListReplaceInput {
  eventId: string;
  occurrence: string;
  source: GuestListSource;
  entries: readonly GuestListEntry[];
  at: string;
}

export interface GuestListReplaceResult {
  /** The list version after the replace (unchanged when nothing changed). */
  version: number;
  added: number;
  changed: number;
  removed: number;
  /** Tickets on this occurrence's list now. */
  size: number;
}

/** Where a delta stopped reading, to read on from there. */
export interface GuestListCursor {
  version: number;
  occurrence: string;
  key: string;
}

export type GuestListChange =
  /** `line`: the entry as its wire tuple (JSON of `encodeEntry`), ready to send. */
  | { kind: 'put'; version: number; occurrence: string; key: string; line: string }
  | { kind: 'del'; version: number; occurrence: string; key: string };

export interface GuestListChangesQuery {
  /** Rows changed after this version. */
  since: number;
  /** False for a whole-list download: the deleted rows are left out. */
  withDeletes: boolean;
  after: GuestListCursor | null;
  limit: number;
}

export interface GatewayStore {
  addDevice(input: { name: string; tokenHash: string; createdAt: string }): Promise<DeviceRow>;
  findDeviceByTokenHash(tokenHash: string): Promise<DeviceRow | undefined>;
  getDevice(id: number): Promise<DeviceRow | undefined>;
  listDevices(): Promise<DeviceRow[]>;
  /** Marks a device revoked; false when there is no such live device. */
  revokeDevice(id: number, at: string): Promise<boolean>;
  touchDevice(id: number, at: string): Promise<void>;
  /** Where each of these tickets is, for those the gateway knows. */
  presenceOf(ticketIds: readonly string[]): Promise<Map<string, PresenceRow>>;
  /** In one transaction: the movements (in order), their effect on presence, and the audit row. */
  recordMovements(movements: readonly MovementInput[], audit: AuditInput | null): Promise<MovementRow[]>;
  movementsAfter(seq: number, limit: number): Promise<MovementRow[]>;
  latestSeq(): Promise<number>;
  appendAudit(entry: AuditInput): Promise<void>;
  auditLog(afterSeq?: number): Promise<AuditRow[]>;
  /** True when a check-in or check-out the upstream answered named a ticket of this booking (a lower-case purchase id). */
  isKnownPurchase(purchaseId: string): Promise<boolean>;
  /** Remembers these bookings (lower-case purchase ids) as known from `at` on; one already known keeps its first time. */
  rememberPurchases(purchaseIds: readonly string[], at: string): Promise<void>;
  /** The guest list's state, or null before any list was stored. */
  guestListState(): Promise<GuestListState | null>;
  /**
   * In one transaction: one occurrence's list becomes `entries` (a refresh or a file import). Only rows that differ are
   * written, at one new version; entries no longer listed become tombstones. Another event than the stored list's
   * replaces the whole list. A ticket the gateway knows is in or out keeps that state over the source's.
   */
  replaceGuestList(input: GuestListReplaceInput): Promise<GuestListReplaceResult>;
  /** Several occurrences' lists (a file with a date column) replaced in one transaction: all of them or none. */
  replaceGuestLists(inputs: readonly GuestListReplaceInput[]): Promise<GuestListReplaceResult[]>;
  /** Removes these occurrences' lists (their entries become tombstones); the number of entries removed. */
  dropGuestListOccurrences(occurrences: readonly string[], at: string): Promise<number>;
  /** Changed rows after `since`, in (version, occurrence, key) order, from `after` on, at most `limit`. */
  guestListChanges(query: GuestListChangesQuery): Promise<GuestListChange[]>;
  /** The listed (not deleted) entries with these keys, on any occurrence. */
  guestListEntriesByKey(keys: readonly string[]): Promise<GuestListEntry[]>;
  /** Adds confirmed check-ins to the mapping evidence and, when given, records the code's middle part. */
  addGuestListEvidence(input: { listed: number; unlisted: number; codeMiddle: CodeMiddle | null }): Promise<GuestListState | null>;
  /** Marks the mismatch warning as logged; true when it was not marked yet (this caller logs it). */
  markGuestListMismatchWarned(): Promise<boolean>;
  setGuestListMinimumAge(minimumAge: string): Promise<void>;
  close(): Promise<void>;
}
