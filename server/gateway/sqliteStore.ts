// The embedded store: one SQLite file (better-sqlite3), schema migrated at open, queries in portable SQL (schema.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CodeMiddle, GuestListEntry } from '../../src/model/guestListEntry.ts';
import { SqliteGuestList } from './guestList/sqliteGuestList.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SCHEMA_VERSION_TABLE } from './schema.ts';
import {
  DuplicateDeviceNameError,
  type AuditInput,
  type AuditRow,
  type DeviceRow,
  type GatewayStore,
  type GuestListChange,
  type GuestListChangesQuery,
  type GuestListReplaceInput,
  type GuestListReplaceResult,
  type GuestListState,
  type MovementInput,
  type MovementRow,
  type PresenceRow,
} from './store.ts';

/** SQLite's default host-parameter limit is far above this; chunks keep one statement's IN list reasonable. */
const PRESENCE_CHUNK = 500;

interface DeviceRecord {
  id: number;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
}

interface MovementRecord {
  seq: number;
  ticket_id: string;
  direction: 'in' | 'out';
  device_id: number;
  door: string;
  scan_time: string;
  source: string;
  result: string;
  is_async: number;
  received_at: string;
}

interface PresenceRecord {
  ticket_id: string;
  status: 'in' | 'out';
  door: string;
  scan_time: string;
  device_id: number | null;
  source: string | null;
  upstream_id: string | null;
  reference: string | null;
  seq: number;
}

interface AuditRecord {
  seq: number;
  at: string;
  device_id: number | null;
  operation: string;
  path: string;
  item_count: number;
  answered_by_gateway: number;
  status: number;
  upstream_status: number | null;
  detail: string | null;
}

const deviceFrom = (row: DeviceRecord): DeviceRow => ({
  id: row.id,
  name: row.name,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastSeenAt: row.last_seen_at,
});

const movementFrom = (row: MovementRecord): MovementRow => ({
  seq: row.seq,
  ticketId: row.ticket_id,
  direction: row.direction,
  deviceId: row.device_id,
  door: row.door,
  scanTime: row.scan_time,
  source: row.source,
  result: row.result,
  isAsync: row.is_async === 1,
  receivedAt: row.received_at,
});

const auditFrom = (row: AuditRecord): AuditRow => ({
  seq: row.seq,
  at: row.at,
  deviceId: row.device_id,
  operation: row.operation,
  path: row.path,
  itemCount: row.item_count,
  answeredByGateway: row.answered_by_gateway,
  status: row.status,
  upstreamStatus: row.upstream_status,
  detail: row.detail,
});

/** Brings a database to the latest schema version, each migration in its own transaction; refuses a newer database. */
export function migrate(db: Database.Database): number {
  db.exec(SCHEMA_VERSION_TABLE);
  const current = (db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null }).version ?? 0;
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(`the gateway database is at schema version ${current}, newer than this gateway (${LATEST_SCHEMA_VERSION}): run the newer gateway`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      for (const statement of migration.statements('sqlite')) db.exec(statement);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    })();
  }
  return LATEST_SCHEMA_VERSION;
}

/** Opens (creating the folder and file if need be) and migrates; `:memory:` gives a throw-away store for the demo. */
export function openSqliteStore(file: string): SqliteGatewayStore {
  return new SqliteGatewayStore(openSqliteDatabase(file));
}

/** The database under a store: open, tuned and migrated. */
export function openSqliteDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  // SQLite-only settings, outside the portable schema: WAL lets the device CLI write while the gateway runs, and the
  // busy timeout makes either wait for the other instead of failing.
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL'); // with WAL: durable across a process crash, one fsync per checkpoint
  migrate(db);
  return db;
}

export class SqliteGatewayStore implements GatewayStore {
  private readonly statements;
  private readonly presenceBySize = new Map<number, Database.Statement>();
  private readonly guestList: SqliteGuestList;

  constructor(private readonly db: Database.Database) {
    this.guestList = new SqliteGuestList(db);
    this.statements = {
      addDevice: db.prepare('INSERT INTO devices (name, token_hash, created_at) VALUES (?, ?, ?) RETURNING *'),
      deviceByHash: db.prepare('SELECT * FROM devices WHERE token_hash = ?'),
      deviceById: db.prepare('SELECT * FROM devices WHERE id = ?'),
      liveDeviceByName: db.prepare('SELECT id FROM devices WHERE name = ? AND revoked_at IS NULL'),
      listDevices: db.prepare('SELECT * FROM devices ORDER BY id'),
      revokeDevice: db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touchDevice: db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
      insertMovement: db.prepare(
        `INSERT INTO check_ins (ticket_id, direction, device_id, door, scan_time, source, result, is_async, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      ),
      upsertPresenceAlways: db.prepare(
        `INSERT INTO ticket_presence (ticket_id, status, door, scan_time, device_id, source, upstream_id, reference, seq, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ticket_id) DO UPDATE SET status = excluded.status, door = excluded.door, scan_time = excluded.scan_time,
           device_id = excluded.device_id, source = excluded.source, upstream_id = excluded.upstream_id,
           reference = excluded.reference, seq = excluded.seq, updated_at = excluded.updated_at`,
      ),
      upsertPresenceUnlessIn: db.prepare(
        `INSERT INTO ticket_presence (ticket_id, status, door, scan_time, device_id, source, upstream_id, reference, seq, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ticket_id) DO UPDATE SET status = excluded.status, door = excluded.door, scan_time = excluded.scan_time,
           device_id = excluded.device_id, source = excluded.source, upstream_id = excluded.upstream_id,
           reference = excluded.reference, seq = excluded.seq, updated_at = excluded.updated_at
         WHERE ticket_presence.status <> 'in'`,
      ),
      movementsAfter: db.prepare('SELECT * FROM check_ins WHERE seq > ? ORDER BY seq LIMIT ?'),
      latestSeq: db.prepare('SELECT MAX(seq) AS seq FROM check_ins'),
      appendAudit: db.prepare(
        `INSERT INTO audit_log (at, device_id, operation, path, item_count, answered_by_gateway, status, upstream_status, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      auditAfter: db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq'),
      rememberPurchase: db.prepare('INSERT INTO known_purchases (purchase_id, first_seen_at) VALUES (?, ?) ON CONFLICT (purchase_id) DO NOTHING'),
      knownPurchase: db.prepare('SELECT 1 AS known FROM known_purchases WHERE purchase_id = ?'),
    };
  }

  async addDevice(input: { name: string; tokenHash: string; createdAt: string }): Promise<DeviceRow> {
    // Checked first for a readable error; the partial unique index still guards a race with another process.
    if (this.statements.liveDeviceByName.get(input.name) !== undefined) throw new DuplicateDeviceNameError(input.name);
    try {
      return deviceFrom(this.statements.addDevice.get(input.name, input.tokenHash, input.createdAt) as DeviceRecord);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && /devices\.name/.test(error.message)) {
        throw new DuplicateDeviceNameError(input.name);
      }
      throw error;
    }
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRow | undefined> {
    const row = this.statements.deviceByHash.get(tokenHash) as DeviceRecord | undefined;
    return row ? deviceFrom(row) : undefined;
  }

  async getDevice(id: number): Promise<DeviceRow | undefined> {
    const row = this.statements.deviceById.get(id) as DeviceRecord | undefined;
    return row ? deviceFrom(row) : undefined;
  }

  async listDevices(): Promise<DeviceRow[]> {
    return (this.statements.listDevices.all() as DeviceRecord[]).map(deviceFrom);
  }

  async revokeDevice(id: number, at: string): Promise<boolean> {
    return this.statements.revokeDevice.run(at, id).changes === 1;
  }

  async touchDevice(id: number, at: string): Promise<void> {
    this.statements.touchDevice.run(at, id);
  }

  async presenceOf(ticketIds: readonly string[]): Promise<Map<string, PresenceRow>> {
    const found = new Map<string, PresenceRow>();
    const unique = [...new Set(ticketIds)];
    for (let start = 0; start < unique.length; start += PRESENCE_CHUNK) {
      const chunk = unique.slice(start, start + PRESENCE_CHUNK);
      const rows = this.presenceStatement(chunk.length).all(...chunk) as PresenceRecord[];
      for (const row of rows) {
        found.set(row.ticket_id, {
          ticketId: row.ticket_id,
          status: row.status,
          door: row.door,
          scanTime: row.scan_time,
          deviceId: row.device_id,
          source: row.source,
          upstreamId: row.upstream_id,
          reference: row.reference,
          seq: row.seq,
        });
      }
    }
    return found;
  }

  async recordMovements(movements: readonly MovementInput[], audit: AuditInput | null): Promise<MovementRow[]> {
    return this.db.transaction(() => {
      const recorded: MovementRow[] = [];
      for (const movement of movements) {
        const { seq } = this.statements.insertMovement.get(
          movement.ticketId,
          movement.direction,
          movement.deviceId,
          movement.door,
          movement.scanTime,
          movement.source,
          movement.result,
          movement.isAsync ? 1 : 0,
          movement.receivedAt,
        ) as { seq: number };
        const presence = movement.presence;
        if (presence) {
          const upsert = presence.mode === 'always' ? this.statements.upsertPresenceAlways : this.statements.upsertPresenceUnlessIn;
          upsert.run(
            movement.ticketId,
            presence.status,
            presence.door,
            presence.scanTime,
            presence.deviceId,
            presence.source,
            presence.upstreamId,
            presence.reference,
            seq,
            movement.receivedAt,
          );
        }
        if (movement.knownPurchaseId) this.statements.rememberPurchase.run(movement.knownPurchaseId, movement.receivedAt);
        const { presence: _presence, knownPurchaseId: _purchase, ...row } = movement;
        recorded.push({ seq, ...row });
      }
      // The guest list learns at once, in the same transaction: a ticket checked in is in on the list, out when checked out.
      const at = movements[0]?.receivedAt ?? new Date().toISOString();
      this.guestList.applyPresence(
        movements.flatMap((movement) => (movement.presence ? [{ ticketId: movement.ticketId, checkedIn: movement.presence.status === 'in' }] : [])),
        at,
      );
      if (audit) this.insertAudit(audit);
      return recorded;
    })();
  }

  async movementsAfter(seq: number, limit: number): Promise<MovementRow[]> {
    return (this.statements.movementsAfter.all(seq, limit) as MovementRecord[]).map(movementFrom);
  }

  async latestSeq(): Promise<number> {
    return (this.statements.latestSeq.get() as { seq: number | null }).seq ?? 0;
  }

  async appendAudit(entry: AuditInput): Promise<void> {
    this.insertAudit(entry);
  }

  async auditLog(afterSeq = 0): Promise<AuditRow[]> {
    return (this.statements.auditAfter.all(afterSeq) as AuditRecord[]).map(auditFrom);
  }

  async isKnownPurchase(purchaseId: string): Promise<boolean> {
    return this.statements.knownPurchase.get(purchaseId) !== undefined;
  }

  async rememberPurchases(purchaseIds: readonly string[], at: string): Promise<void> {
    this.db.transaction(() => {
      for (const purchaseId of purchaseIds) this.statements.rememberPurchase.run(purchaseId, at);
    })();
  }

  async guestListState(): Promise<GuestListState | null> {
    return this.guestList.state();
  }

  async replaceGuestList(input: GuestListReplaceInput): Promise<GuestListReplaceResult> {
    return this.db.transaction(() => this.guestList.replace(input))();
  }

  async replaceGuestLists(inputs: readonly GuestListReplaceInput[]): Promise<GuestListReplaceResult[]> {
    return this.db.transaction(() => inputs.map((input) => this.guestList.replace(input)))();
  }

  async dropGuestListOccurrences(occurrences: readonly string[], at: string): Promise<number> {
    return this.db.transaction(() => this.guestList.drop(occurrences, at))();
  }

  async guestListChanges(query: GuestListChangesQuery): Promise<GuestListChange[]> {
    return this.guestList.changes(query);
  }

  async guestListEntriesByKey(keys: readonly string[]): Promise<GuestListEntry[]> {
    return this.guestList.entriesByKey(keys);
  }

  async addGuestListEvidence(input: { listed: number; unlisted: number; codeMiddle: CodeMiddle | null }): Promise<GuestListState | null> {
    return this.db.transaction(() => this.guestList.addEvidence(input))();
  }

  async markGuestListMismatchWarned(): Promise<boolean> {
    return this.guestList.markWarned();
  }

  async setGuestListMinimumAge(minimumAge: string): Promise<void> {
    this.guestList.setMinimumAge(minimumAge);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** One prepared statement per IN-list length (batches come in few sizes), instead of a prepare per request. */
  private presenceStatement(size: number): Database.Statement {
    let statement = this.presenceBySize.get(size);
    if (!statement) {
      statement = this.db.prepare(`SELECT * FROM ticket_presence WHERE ticket_id IN (${Array.from({ length: size }, () => '?').join(', ')})`);
      this.presenceBySize.set(size, statement);
    }
    return statement;
  }

  private insertAudit(entry: AuditInput): void {
    this.statements.appendAudit.run(
      entry.at,
      entry.deviceId,
      entry.operation,
      entry.path,
      entry.itemCount,
      entry.answeredByGateway,
      entry.status,
      entry.upstreamStatus,
      entry.detail,
    );
  }
}
