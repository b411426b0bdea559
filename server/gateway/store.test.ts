// Tests of the SQLite store: migrations and schema_version, append-only audit, presence rules, cursor order.
// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskEmail, createGatewayLog } from './gatewayLog.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SCHEMA_VERSION_TABLE } from './schema.ts';
import { openSqliteStore } from './sqliteStore.ts';
import { movementInput as movement } from '../testing/storeFixtures.ts';
import { TokenBuckets } from './rateLimit.ts';
import { RefusalGuard } from './refusals.ts';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'doorlist-gateway-store-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));


/** A database as a version 1 gateway left it: its tables, no known_purchases. */
function versionOneDatabase(file: string): Database.Database {
  const raw = new Database(file);
  raw.exec(SCHEMA_VERSION_TABLE);
  for (const statement of MIGRATIONS[0]?.statements('sqlite') ?? []) raw.exec(statement);
  raw.prepare('INSERT INTO schema_version (version) VALUES (1)').run();
  return raw;
}

describe('schema', () => {
  it('creates the schema in a new folder and file, records its version, and reopens without migrating again', async () => {
    const file = path.join(workDir, 'nested', 'folder', 'gateway.sqlite');
    const store = openSqliteStore(file);
    await store.addDevice({ name: 'North gate 1', tokenHash: 'h1', createdAt: '2026-11-24T18:00:00.000Z' });
    await store.close();
    const reopened = openSqliteStore(file);
    expect(await reopened.listDevices()).toHaveLength(1);
    await reopened.close();
    const raw = new Database(file);
    expect(raw.prepare('SELECT version FROM schema_version').all()).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    expect(MIGRATIONS.at(-1)?.version).toBe(LATEST_SCHEMA_VERSION);
    raw.close();
  });

  it('brings a version 1 database to version 2 (the bookings a door may note), keeping its devices', async () => {
    const file = path.join(workDir, 'version-1.sqlite');
    const raw = versionOneDatabase(file);
    raw.prepare("INSERT INTO devices (name, token_hash, created_at) VALUES ('North gate 1', 'h1', '2026-11-24T18:00:00.000Z')").run();
    raw.close();

    const store = openSqliteStore(file);
    expect((await store.listDevices()).map((device) => device.name)).toEqual(['North gate 1']);
    const purchase = '627e095671209038d339a182';
    expect(await store.isKnownPurchase(purchase)).toBe(false);
    await store.recordMovements([movement(`${purchase}.627cb97471209027347177dc.2`, { knownPurchaseId: purchase }), movement('2148', { knownPurchaseId: null })], null);
    expect(await store.isKnownPurchase(purchase)).toBe(true);
    expect(await store.isKnownPurchase('2148')).toBe(false);
    await store.close();
  });

  it('knows, after the upgrade to version 2, the bookings of the check-ins a version 1 gateway had answered (allowlisted results only)', async () => {
    const file = path.join(workDir, 'version-1-with-check-ins.sqlite');
    const raw = versionOneDatabase(file);
    const booking = (n: number) => `627e0956712090${String(n).padStart(2, '0')}d339a182`;
    const ticketOf = (n: number, suffix = '.2') => `${booking(n)}.627cb97471209027347177dc${suffix}`;
    const checkIns: [string, string, string][] = [
      [ticketOf(1), 'in', 'success'],
      [ticketOf(2).toUpperCase(), 'in', 'already_checked_in'],
      [ticketOf(3), 'in', 'cancelled'],
      [ticketOf(4), 'out', 'success'],
      [ticketOf(5), 'in', 'not_found'],
      [ticketOf(6), 'in', 'queued'],
      [ticketOf(7), 'in', 'refunded_or_some_new_word'],
      [ticketOf(8, '.2x'), 'in', 'success'],
      [ticketOf(9, '.1234567'), 'in', 'success'],
      ['2148', 'in', 'success'],
    ];
    const insert = raw.prepare("INSERT INTO check_ins (ticket_id, direction, device_id, door, scan_time, source, result, is_async, received_at) VALUES (?, ?, 1, 'North gate 1', '2026-11-24 19:05:00', 'doorlist', ?, 0, ?)");
    checkIns.forEach(([ticketId, direction, result], index) => insert.run(ticketId, direction, result, `2026-11-24T19:0${index}:00.000Z`));
    insert.run(ticketOf(1), 'in', 'already_checked_in', '2026-11-24T18:00:00.000Z'); // an earlier answer: the first time is kept
    raw.close();

    const store = openSqliteStore(file);
    const known = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => store.isKnownPurchase(booking(n))));
    expect(known).toEqual([true, true, true, true, false, false, false, false, false]);
    expect(await store.isKnownPurchase('2148')).toBe(false);
    await store.close();
    const reopened = new Database(file);
    expect(reopened.prepare('SELECT first_seen_at FROM known_purchases WHERE purchase_id = ?').get(booking(1))).toEqual({ first_seen_at: '2026-11-24T18:00:00.000Z' });
    reopened.close();
  });

  it('refuses a database written by a newer gateway', async () => {
    const file = path.join(workDir, 'newer.sqlite');
    await openSqliteStore(file).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_version (version) VALUES (?)').run(LATEST_SCHEMA_VERSION + 1);
    raw.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this gateway/);
  });

  it('writes the same tables for PostgreSQL without SQLite-only syntax', () => {
    const statements = MIGRATIONS.flatMap((migration) => migration.statements('postgres')).join('\n');
    expect(statements).not.toMatch(/AUTOINCREMENT|TRIGGER|RAISE/);
    expect(statements).toContain('GENERATED ALWAYS AS IDENTITY');
    expect(statements).toContain('REVOKE UPDATE, DELETE ON audit_log');
  });

  it('keeps the audit log append-only', async () => {
    const file = path.join(workDir, 'audit.sqlite');
    const store = openSqliteStore(file);
    await store.appendAudit({ at: 'now', deviceId: 1, operation: 'tonic.checkin', path: '/api/tonic/checkin/tickets', itemCount: 2, answeredByGateway: 1, status: 200, upstreamStatus: 200, detail: null });
    await store.close();
    const raw = new Database(file);
    expect(() => raw.prepare('UPDATE audit_log SET status = 500').run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    raw.close();
  });
});

describe('presence and the cursor', () => {
  it('keeps the first check-in against a later queued or "already in" one, and lets a check-out clear it', async () => {
    const store = openSqliteStore(':memory:');
    await store.recordMovements([movement('T')], null);
    await store.recordMovements([movement('T', { door: 'South gate', result: 'queued', presence: { ...movement('T').presence!, door: 'South gate', mode: 'unlessIn' } })], null);
    expect((await store.presenceOf(['T'])).get('T')).toMatchObject({ status: 'in', door: 'North gate 1' });
    await store.recordMovements([movement('T', { direction: 'out', presence: { ...movement('T').presence!, status: 'out', scanTime: '2026-11-24 20:00:00' } })], null);
    expect((await store.presenceOf(['T'])).get('T')).toMatchObject({ status: 'out' });
    await store.recordMovements([movement('T', { door: 'South gate', result: 'queued', presence: { ...movement('T').presence!, door: 'South gate', mode: 'unlessIn' } })], null);
    expect((await store.presenceOf(['T', 'U'])).get('T')).toMatchObject({ status: 'in', door: 'South gate' });
    expect((await store.presenceOf(['U'])).size).toBe(0);
    await store.close();
  });

  it('numbers movements in order and pages through them after a cursor', async () => {
    const store = openSqliteStore(':memory:');
    const rows = await store.recordMovements(['A', 'B', 'C'].map((id) => movement(id, { presence: null })), null);
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3]);
    expect((await store.movementsAfter(1, 1)).map((row) => row.ticketId)).toEqual(['B']);
    expect(await store.latestSeq()).toBe(3);
    await store.close();
  });

  it('rolls back a whole batch when one row cannot be written', async () => {
    const store = openSqliteStore(':memory:');
    await expect(store.recordMovements([movement('A'), movement('B', { direction: 'sideways' as 'in' })], null)).rejects.toThrow(/CHECK constraint/);
    expect(await store.latestSeq()).toBe(0);
    expect((await store.presenceOf(['A'])).size).toBe(0);
    await store.close();
  });
});

describe('log scrubbing and rate buckets', () => {
  it('masks emails and removes secrets and bearer tokens from log lines', () => {
    const lines: string[] = [];
    const log = createGatewayLog((_level, line) => lines.push(line), ['tonic-secret-value']);
    log.error('upstream said', new Error('token tonic-secret-value rejected for jane.doe@example.com with Bearer abc.def'));
    expect(lines[0]).toBe('[gateway] upstream said: Error: token [redacted] rejected for j***@example.com with Bearer [redacted]');
    expect(maskEmail('a@b.co')).toBe('a***@b.co');
    expect(maskEmail('nonsense')).toBe('***');
  });

  it('refills a bucket at the steady rate and tells how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take('d').allowed)).toEqual([true, true, true, false]);
    expect(buckets.take('d').retryAfterSeconds).toBe(1);
    now = 500; // half a second: one more request at 2 a second
    expect(buckets.take('d').allowed).toBe(true);
    expect(buckets.take('d').allowed).toBe(false);
    expect(buckets.take('other').allowed).toBe(true);
  });

  it('neither drains nor refills a bucket when its clock steps backwards, and counts no time twice', () => {
    let now = 10_000;
    const buckets = new TokenBuckets(1, 2, () => now);
    expect([1, 2, 3].map(() => buckets.take('d').allowed)).toEqual([true, true, false]);
    now = 0; // the clock stepped back ten seconds
    expect(buckets.take('d')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 10_999;
    expect(buckets.take('d').allowed).toBe(false);
    now = 11_000; // one second past the last time seen: one token
    expect(buckets.take('d').allowed).toBe(true);
    expect(buckets.take('d').allowed).toBe(false);
  });

  it('runs the refusal budgets on the monotonic clock it is given, not the wall clock', () => {
    let wall = Date.parse('2026-11-24T19:00:00.000Z');
    const guard = new RefusalGuard(() => new Date(wall), { perSecond: 1, burst: 1, monotonicMs: () => 5_000 });
    expect(guard.admit('192.0.2.1').allowed).toBe(true);
    wall += 3_600_000; // the wall clock jumps an hour: no refill
    expect(guard.admit('192.0.2.1').allowed).toBe(false);
  });
});
