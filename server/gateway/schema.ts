// The gateway's tables as versioned migrations, in SQL that SQLite and PostgreSQL both read (the few differences are named).
//
// Portability rules kept here and in sqliteStore.ts, so a later step can run several replicas on one PostgreSQL:
// - Times are ISO 8601 text, flags are INTEGER 0/1, no JSON columns, no SQLite type affinity tricks.
// - Upserts use `INSERT … ON CONFLICT (…) DO UPDATE SET … WHERE …` and inserts `RETURNING`, which both have.
// - Partial unique indexes (`… WHERE revoked_at IS NULL`) exist in both.
// - Differences, resolved per dialect below: the auto-numbered key column, and the append-only guard on audit_log
//   (SQLite: triggers; PostgreSQL: `REVOKE UPDATE, DELETE ON audit_log FROM <the gateway's role>`). Placeholders are
//   `?` here; a PostgreSQL driver numbers them ($1, $2, …).
// - With replicas, check_ins.seq from a PostgreSQL sequence can commit out of order; the events stream must then read
//   only up to the lowest seq still in flight (or take a lock around the insert). SQLite has one writer, so it cannot.

import { VOUCHING_RESULTS } from './sharedMemory.ts';

export type Dialect = 'sqlite' | 'postgres';

const AUTO_KEY: Record<Dialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', // AUTOINCREMENT: a deleted row's number is never handed out again
  postgres: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};

/** The results that vouch for a booking (a check-out's plain success is recorded as `success`). */
const BACKFILL_RESULTS = [...VOUCHING_RESULTS];

const HEX_24_GLOB = '[0-9a-fA-F]'.repeat(24);
/** `<purchase 24 hex>.<ticket 24 hex>.<1–6 digits>`, as sharedMemory.ts reads a Tonic ticket id. */
const TONIC_TICKET_ID_SQL: Record<Dialect, string> = {
  sqlite: `ticket_id GLOB '${HEX_24_GLOB}.${HEX_24_GLOB}.[0-9]*' AND LENGTH(ticket_id) <= 56 AND SUBSTR(ticket_id, 51) NOT GLOB '*[^0-9]*'`,
  postgres: `ticket_id ~ '^[0-9a-fA-F]{24}\\.[0-9a-fA-F]{24}\\.[0-9]{1,6}$'`,
};

export interface Migration {
  version: number;
  statements: (dialect: Dialect) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (dialect) => [
      `CREATE TABLE devices (
        id ${AUTO_KEY[dialect]},
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_seen_at TEXT
      )`,
      // One live device per door name, so `device:revoke --name` means exactly one device.
      `CREATE UNIQUE INDEX devices_live_name ON devices (name) WHERE revoked_at IS NULL`,
      // Every check-in and check-out forwarded and answered by the upstream; seq is the events stream's cursor.
      `CREATE TABLE check_ins (
        seq ${AUTO_KEY[dialect]},
        ticket_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        device_id INTEGER NOT NULL,
        door TEXT NOT NULL,
        scan_time TEXT NOT NULL,
        source TEXT NOT NULL,
        result TEXT NOT NULL,
        is_async INTEGER NOT NULL,
        received_at TEXT NOT NULL
      )`,
      `CREATE INDEX check_ins_ticket ON check_ins (ticket_id, seq)`,
      // Where each ticket is now, as the gateway last learned it: the shared memory of the door, one row per ticket.
      `CREATE TABLE ticket_presence (
        ticket_id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('in', 'out')),
        door TEXT NOT NULL,
        scan_time TEXT NOT NULL,
        device_id INTEGER,
        source TEXT,
        upstream_id TEXT,
        reference TEXT,
        seq INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      // Append-only: the gateway's code only ever inserts here. No tokens, secrets, guest names or emails.
      `CREATE TABLE audit_log (
        seq ${AUTO_KEY[dialect]},
        at TEXT NOT NULL,
        device_id INTEGER,
        operation TEXT NOT NULL,
        path TEXT NOT NULL,
        item_count INTEGER NOT NULL,
        answered_by_gateway INTEGER NOT NULL,
        status INTEGER NOT NULL,
        upstream_status INTEGER,
        detail TEXT
      )`,
      `CREATE INDEX audit_log_device ON audit_log (device_id, seq)`,
      ...(dialect === 'sqlite'
        ? [
            `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
            `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
          ]
        : ['REVOKE UPDATE, DELETE ON audit_log FROM CURRENT_USER']),
    ],
  },
  {
    version: 2,
    statements: (dialect) => [
      // The bookings (Tonic purchase ids) of tickets the upstream answered for: the only ones a door may add a note to.
      `CREATE TABLE known_purchases (
        purchase_id TEXT PRIMARY KEY,
        first_seen_at TEXT NOT NULL
      )`,
      // A gateway upgraded while running already answered check-ins: their bookings are known from those answers, by
      // the same allowlist of results as a new answer (sharedMemory.ts VOUCHING_RESULTS), for Tonic ticket ids only.
      `INSERT INTO known_purchases (purchase_id, first_seen_at)
        SELECT LOWER(SUBSTR(ticket_id, 1, 24)), MIN(received_at) FROM check_ins
        WHERE result IN (${BACKFILL_RESULTS.map((result) => `'${result}'`).join(', ')}) AND ${TONIC_TICKET_ID_SQL[dialect]}
        GROUP BY LOWER(SUBSTR(ticket_id, 1, 24))
        ON CONFLICT (purchase_id) DO NOTHING`,
    ],
  },
  {
    version: 3,
    statements: () => [
      // The guest list (issue 12), one row per ticket and occurrence. `version` is the list version at which the row last
      // changed; a ticket that left the list stays as a tombstone (deleted = 1, its fields emptied) so a device's delta
      // carries the delete. Names and references only: no email, no phone is ever stored.
      `CREATE TABLE guest_list_entries (
        occurrence TEXT NOT NULL,
        entry_key TEXT NOT NULL,
        version BIGINT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        changed_at TEXT NOT NULL,
        purchase_id TEXT,
        ticket_ref INTEGER,
        code TEXT,
        ticket_object_id TEXT,
        purchase_ref TEXT,
        reference TEXT,
        guest_name TEXT NOT NULL DEFAULT '',
        ticket_type TEXT NOT NULL DEFAULT '',
        item_id TEXT,
        sub_type_id TEXT,
        refunded INTEGER NOT NULL DEFAULT 0,
        checked_in INTEGER NOT NULL DEFAULT 0,
        -- The entry's wire line (JSON of encodeEntry's tuple; '' for a tombstone): a refresh compares it, a download
        -- sends it as it is. Its last element is the flags digit (refunded 1 | checked in 2).
        line TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (occurrence, entry_key)
      )`,
      // Deltas read rows in (version, occurrence, entry_key) order; check-ins find a ticket by its key.
      `CREATE INDEX guest_list_entries_version ON guest_list_entries (version, occurrence, entry_key)`,
      `CREATE INDEX guest_list_entries_key ON guest_list_entries (entry_key)`,
      // The occurrences (dates) the list holds: where each came from and when it was last read from its source.
      `CREATE TABLE guest_list_occurrences (
        occurrence TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('dmn', 'file')),
        fetched_at TEXT NOT NULL,
        size INTEGER NOT NULL,
        holds_numbers INTEGER NOT NULL DEFAULT 0
      )`,
      // One row: the list's event and version, the oldest version a delta can still start from (tombstones older than
      // that were dropped), and what confirmed check-ins taught about the code-to-list mapping.
      `CREATE TABLE guest_list_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        event_id TEXT NOT NULL,
        version BIGINT NOT NULL,
        floor_version BIGINT NOT NULL,
        code_middle TEXT CHECK (code_middle IN ('item', 'subType')),
        listed_confirmed INTEGER NOT NULL DEFAULT 0,
        unlisted_confirmed INTEGER NOT NULL DEFAULT 0,
        mismatch_warned INTEGER NOT NULL DEFAULT 0,
        minimum_age TEXT
      )`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((latest, migration) => Math.max(latest, migration.version), 0);

export const SCHEMA_VERSION_TABLE = 'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)';
