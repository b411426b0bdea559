// The guest list's tables in SQLite (schema.ts, migration 3): versioned entries with tombstones, the occurrences held,
// and one state row. Synchronous: SqliteGatewayStore wraps these in its promises and in its own transactions.
import type Database from 'better-sqlite3';
import { encodeEntry, type CodeMiddle, type GuestListEntry } from '../../../src/model/guestListEntry.ts';
import { listKeyOfCode } from '../../../src/model/matchCode.ts';
import { listedByPlainCode } from '../../../src/model/matchCode.ts';
import type {
  GuestListChange,
  GuestListChangesQuery,
  GuestListOccurrence,
  GuestListReplaceInput,
  GuestListReplaceResult,
  GuestListSource,
  GuestListState,
} from '../store.ts';

/** Tombstones older than this are dropped (a device that last synced before then gets the whole list). */
export const TOMBSTONE_KEEP_MS = 7 * 24 * 60 * 60_000;
/** At most this many tombstones are kept (the oldest go first): a list that churns cannot grow the table without end. */
export const MAX_TOMBSTONES = 200_000;

const KEY_CHUNK = 500;

interface EntryRecord {
  occurrence: string;
  entry_key: string;
  version: number;
  deleted: number;
  purchase_id: string | null;
  ticket_ref: number | null;
  code: string | null;
  ticket_object_id: string | null;
  purchase_ref: string | null;
  reference: string | null;
  guest_name: string;
  ticket_type: string;
  item_id: string | null;
  sub_type_id: string | null;
  refunded: number;
  checked_in: number;
  line: string;
}

/** What a refresh compares and a download sends: not the columns one by one. */
type LineRecord = Pick<EntryRecord, 'occurrence' | 'entry_key' | 'version' | 'deleted' | 'line'>;

interface StateRecord {
  event_id: string;
  version: number;
  floor_version: number;
  code_middle: CodeMiddle | null;
  listed_confirmed: number;
  unlisted_confirmed: number;
  mismatch_warned: number;
  minimum_age: string | null;
}

const entryFrom = (row: EntryRecord): GuestListEntry => ({
  key: row.entry_key,
  occurrence: row.occurrence,
  purchaseId: row.purchase_id,
  ticketRef: row.ticket_ref,
  code: row.code,
  ticketObjectId: row.ticket_object_id,
  purchaseRef: row.purchase_ref,
  reference: row.reference,
  guestName: row.guest_name,
  ticketType: row.ticket_type,
  itemId: row.item_id,
  subTypeId: row.sub_type_id,
  refunded: row.refunded === 1,
  checkedIn: row.checked_in === 1,
});

/** The stored and sent form of an entry: its wire tuple as JSON. */
export const wireLine = (entry: GuestListEntry): string => JSON.stringify(encodeEntry(entry));

export class SqliteGuestList {
  private readonly statements;
  private readonly byKeySize = new Map<number, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.statements = {
      state: db.prepare('SELECT * FROM guest_list_state WHERE id = 1'),
      createState: db.prepare('INSERT INTO guest_list_state (id, event_id, version, floor_version) VALUES (1, ?, ?, ?)'),
      setVersion: db.prepare('UPDATE guest_list_state SET version = ? WHERE id = 1'),
      switchEvent: db.prepare(
        `UPDATE guest_list_state SET event_id = ?, version = ?, floor_version = ?, code_middle = NULL, listed_confirmed = 0,
           unlisted_confirmed = 0, mismatch_warned = 0, minimum_age = NULL WHERE id = 1`,
      ),
      raiseFloor: db.prepare('UPDATE guest_list_state SET floor_version = ? WHERE id = 1 AND floor_version < ?'),
      occurrences: db.prepare('SELECT * FROM guest_list_occurrences ORDER BY occurrence'),
      upsertOccurrence: db.prepare(
        `INSERT INTO guest_list_occurrences (occurrence, source, fetched_at, size, holds_numbers) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (occurrence) DO UPDATE SET source = excluded.source, fetched_at = excluded.fetched_at, size = excluded.size,
           holds_numbers = excluded.holds_numbers`,
      ),
      deleteOccurrence: db.prepare('DELETE FROM guest_list_occurrences WHERE occurrence = ?'),
      rowsOfOccurrence: db.prepare('SELECT occurrence, entry_key, version, deleted, line FROM guest_list_entries WHERE occurrence = ?'),
      // The columns in the order of the entry's wire tuple (encodeEntry), then its flags, the tuple itself, version and time.
      upsertEntry: db.prepare(
        `INSERT INTO guest_list_entries (entry_key, occurrence, purchase_id, ticket_ref, code, ticket_object_id, purchase_ref,
           reference, guest_name, ticket_type, item_id, sub_type_id, refunded, checked_in, line, version, changed_at, deleted)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (occurrence, entry_key) DO UPDATE SET version = excluded.version, deleted = 0, changed_at = excluded.changed_at,
           purchase_id = excluded.purchase_id, ticket_ref = excluded.ticket_ref, code = excluded.code,
           ticket_object_id = excluded.ticket_object_id, purchase_ref = excluded.purchase_ref, reference = excluded.reference,
           guest_name = excluded.guest_name, ticket_type = excluded.ticket_type, item_id = excluded.item_id,
           sub_type_id = excluded.sub_type_id, refunded = excluded.refunded, checked_in = excluded.checked_in, line = excluded.line`,
      ),
      // A tombstone keeps only its key and version: nothing about a guest who left the list.
      tombstone: db.prepare(
        `UPDATE guest_list_entries SET deleted = 1, version = ?, changed_at = ?, purchase_id = NULL, ticket_ref = NULL, code = NULL,
           ticket_object_id = NULL, purchase_ref = NULL, reference = NULL, guest_name = '', ticket_type = '', item_id = NULL,
           sub_type_id = NULL, refunded = 0, checked_in = 0, line = ''
         WHERE occurrence = ? AND entry_key = ?`,
      ),
      tombstoneOccurrence: db.prepare(
        `UPDATE guest_list_entries SET deleted = 1, version = ?, changed_at = ?, purchase_id = NULL, ticket_ref = NULL, code = NULL,
           ticket_object_id = NULL, purchase_ref = NULL, reference = NULL, guest_name = '', ticket_type = '', item_id = NULL,
           sub_type_id = NULL, refunded = 0, checked_in = 0, line = ''
         WHERE occurrence = ? AND deleted = 0`,
      ),
      // The line's last two characters are the flags digit and `]`: rewritten with the new checked-in bit.
      setCheckedIn: db.prepare(
        `UPDATE guest_list_entries SET checked_in = ?, version = ?, changed_at = ?,
           line = SUBSTR(line, 1, LENGTH(line) - 2) || (CASE WHEN ? = 1 THEN refunded + 2 ELSE refunded END) || ']'
         WHERE entry_key = ? AND deleted = 0 AND checked_in <> ?`,
      ),
      // The row value alone bounds the index range (a separate `version > ?` made SQLite scan each page from the
      // version's first row: quadratic in a list written at one version).
      changesWithDeletes: db.prepare(
        `SELECT occurrence, entry_key, version, deleted, line FROM guest_list_entries WHERE (version, occurrence, entry_key) > (?, ?, ?)
         ORDER BY version, occurrence, entry_key LIMIT ?`,
      ),
      changesLive: db.prepare(
        `SELECT occurrence, entry_key, version, deleted, line FROM guest_list_entries WHERE (version, occurrence, entry_key) > (?, ?, ?) AND deleted = 0
         ORDER BY version, occurrence, entry_key LIMIT ?`,
      ),
      oldTombstones: db.prepare('SELECT MAX(version) AS version, COUNT(*) AS count FROM guest_list_entries WHERE deleted = 1 AND changed_at < ?'),
      dropOldTombstones: db.prepare('DELETE FROM guest_list_entries WHERE deleted = 1 AND changed_at < ?'),
      tombstoneCount: db.prepare('SELECT COUNT(*) AS count FROM guest_list_entries WHERE deleted = 1'),
      nthTombstoneVersion: db.prepare('SELECT version FROM guest_list_entries WHERE deleted = 1 ORDER BY version LIMIT 1 OFFSET ?'),
      dropTombstonesUpTo: db.prepare('DELETE FROM guest_list_entries WHERE deleted = 1 AND version <= ?'),
      presence: db.prepare('SELECT ticket_id, status FROM ticket_presence'),
      addEvidence: db.prepare(
        `UPDATE guest_list_state SET listed_confirmed = listed_confirmed + ?, unlisted_confirmed = unlisted_confirmed + ?,
           code_middle = COALESCE(?, code_middle) WHERE id = 1`,
      ),
      markWarned: db.prepare('UPDATE guest_list_state SET mismatch_warned = 1 WHERE id = 1 AND mismatch_warned = 0'),
      setMinimumAge: db.prepare('UPDATE guest_list_state SET minimum_age = ? WHERE id = 1'),
    };
  }

  state(): GuestListState | null {
    const row = this.statements.state.get() as StateRecord | undefined;
    if (!row) return null;
    const records = this.statements.occurrences.all() as { occurrence: string; source: GuestListSource; fetched_at: string; size: number; holds_numbers: number }[];
    const occurrences = records.map(
      (record): GuestListOccurrence => ({
        occurrence: record.occurrence,
        source: record.source,
        fetchedAt: record.fetched_at,
        size: record.size,
        holdsNumbers: record.holds_numbers === 1,
      }),
    );
    return {
      eventId: row.event_id,
      version: row.version,
      floorVersion: row.floor_version,
      codeMiddle: row.code_middle,
      mapping: { listedConfirmed: row.listed_confirmed, unlistedConfirmed: row.unlisted_confirmed },
      mismatchWarned: row.mismatch_warned === 1,
      minimumAge: row.minimum_age,
      occurrences,
    };
  }

  /** Call inside a transaction. */
  replace(input: GuestListReplaceInput): GuestListReplaceResult {
    let state = this.statements.state.get() as StateRecord | undefined;
    if (!state) {
      // The first version is the creation time: a version from another gateway database is never taken for one of this.
      const base = Math.max(1, Date.parse(input.at) || 1);
      this.statements.createState.run(input.eventId, base, base);
      state = this.statements.state.get() as StateRecord;
    } else if (state.event_id !== input.eventId) {
      // Another event: nothing of the old list is the new one's. Every device's version is now below the floor.
      this.db.exec('DELETE FROM guest_list_entries');
      this.db.exec('DELETE FROM guest_list_occurrences');
      this.statements.switchEvent.run(input.eventId, state.version + 1, state.version + 1);
      state = this.statements.state.get() as StateRecord;
    }
    const version = state.version + 1;
    const existing = new Map<string, LineRecord>();
    for (const row of this.statements.rowsOfOccurrence.all(input.occurrence) as LineRecord[]) existing.set(row.entry_key, row);
    const presence = this.presenceByKey();
    const seen = new Set<string>();
    let added = 0;
    let changed = 0;
    let removed = 0;
    let holdsNumbers = false;
    for (const incoming of input.entries) {
      if (seen.has(incoming.key)) continue; // the same ticket listed twice: the first one counts
      seen.add(incoming.key);
      if (listedByPlainCode(incoming)) holdsNumbers = true;
      const known = presence.get(incoming.key);
      const entry = { ...incoming, occurrence: input.occurrence, ...(known === undefined ? {} : { checkedIn: known }) };
      const line = wireLine(entry);
      const row = existing.get(entry.key);
      if (row && row.deleted === 0 && row.line === line) continue;
      if (!row || row.deleted === 1) added += 1;
      else changed += 1;
      this.upsert(entry, line, version, input.at);
    }
    for (const row of existing.values()) {
      if (row.deleted === 0 && !seen.has(row.entry_key)) {
        this.statements.tombstone.run(version, input.at, input.occurrence, row.entry_key);
        removed += 1;
      }
    }
    const finalVersion = added + changed + removed > 0 ? version : state.version;
    if (finalVersion !== state.version) this.statements.setVersion.run(finalVersion);
    this.statements.upsertOccurrence.run(input.occurrence, input.source, input.at, seen.size, holdsNumbers ? 1 : 0);
    this.pruneTombstones(input.at);
    return { version: finalVersion, added, changed, removed, size: seen.size };
  }

  /** Call inside a transaction. */
  drop(occurrences: readonly string[], at: string): number {
    const state = this.statements.state.get() as StateRecord | undefined;
    if (!state) return 0;
    const version = state.version + 1;
    let removed = 0;
    for (const occurrence of occurrences) {
      removed += this.statements.tombstoneOccurrence.run(version, at, occurrence).changes;
      this.statements.deleteOccurrence.run(occurrence);
    }
    if (removed > 0) this.statements.setVersion.run(version);
    this.pruneTombstones(at);
    return removed;
  }

  /** Check-ins and check-outs the gateway recorded: the entries they name flip `checkedIn`, at one new version. Call inside a transaction. */
  applyPresence(updates: readonly { ticketId: string; checkedIn: boolean }[], at: string): number {
    if (updates.length === 0) return 0;
    const state = this.statements.state.get() as StateRecord | undefined;
    if (!state) return 0;
    const version = state.version + 1;
    let changed = 0;
    for (const update of updates) {
      const flag = update.checkedIn ? 1 : 0;
      changed += this.statements.setCheckedIn.run(flag, version, at, flag, listKeyOfCode(update.ticketId), flag).changes;
    }
    if (changed > 0) this.statements.setVersion.run(version);
    return changed;
  }

  changes(query: GuestListChangesQuery): GuestListChange[] {
    // (since + 1, '', '') comes before every row of version since + 1 (no occurrence is empty): rows after `since`.
    const after = query.after ?? { version: query.since + 1, occurrence: '', key: '' };
    const statement = query.withDeletes ? this.statements.changesWithDeletes : this.statements.changesLive;
    const rows = statement.all(after.version, after.occurrence, after.key, query.limit) as LineRecord[];
    return rows.map((row): GuestListChange => {
      const where = { version: row.version, occurrence: row.occurrence, key: row.entry_key };
      return row.deleted === 1 ? { kind: 'del', ...where } : { kind: 'put', ...where, line: row.line };
    });
  }

  entriesByKey(keys: readonly string[]): GuestListEntry[] {
    const unique = [...new Set(keys)];
    const found: GuestListEntry[] = [];
    for (let start = 0; start < unique.length; start += KEY_CHUNK) {
      const chunk = unique.slice(start, start + KEY_CHUNK);
      let statement = this.byKeySize.get(chunk.length);
      if (!statement) {
        statement = this.db.prepare(`SELECT * FROM guest_list_entries WHERE deleted = 0 AND entry_key IN (${chunk.map(() => '?').join(', ')})`);
        this.byKeySize.set(chunk.length, statement);
      }
      for (const row of statement.all(...chunk) as EntryRecord[]) found.push(entryFrom(row));
    }
    return found;
  }

  addEvidence(input: { listed: number; unlisted: number; codeMiddle: CodeMiddle | null }): GuestListState | null {
    this.statements.addEvidence.run(input.listed, input.unlisted, input.codeMiddle);
    return this.state();
  }

  markWarned(): boolean {
    return this.statements.markWarned.run().changes === 1;
  }

  setMinimumAge(minimumAge: string): void {
    this.statements.setMinimumAge.run(minimumAge);
  }

  private upsert(entry: GuestListEntry, line: string, version: number, at: string): void {
    const tuple = encodeEntry(entry);
    const flags = tuple[12];
    this.statements.upsertEntry.run(...tuple.slice(0, 12), flags & 1, (flags & 2) >> 1, line, version, at);
  }

  /** What the gateway itself knows about where tickets are, by list key: its doors' word beats a list that lags. */
  private presenceByKey(): Map<string, boolean> {
    const byKey = new Map<string, boolean>();
    for (const row of this.statements.presence.iterate() as Iterable<{ ticket_id: string; status: 'in' | 'out' }>) byKey.set(listKeyOfCode(row.ticket_id), row.status === 'in');
    return byKey;
  }

  /** Drops tombstones past TOMBSTONE_KEEP_MS and beyond MAX_TOMBSTONES, raising the floor to the newest one dropped. */
  private pruneTombstones(at: string): void {
    const cutoff = new Date(Date.parse(at) - TOMBSTONE_KEEP_MS).toISOString();
    const old = this.statements.oldTombstones.get(cutoff) as { version: number | null; count: number };
    if (old.count > 0 && old.version !== null) {
      this.statements.dropOldTombstones.run(cutoff);
      this.statements.raiseFloor.run(old.version, old.version);
    }
    const { count } = this.statements.tombstoneCount.get() as { count: number };
    if (count > MAX_TOMBSTONES) {
      const { version } = this.statements.nthTombstoneVersion.get(count - MAX_TOMBSTONES - 1) as { version: number };
      this.statements.dropTombstonesUpTo.run(version);
      this.statements.raiseFloor.run(version, version);
    }
  }
}
