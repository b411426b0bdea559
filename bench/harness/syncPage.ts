// The sync benchmark page: the real engine (src/) on real IndexedDB, draining a seeded outbox to the demo backend, and timing recordScan.
import { monotonicFactory } from 'ulid';
import { createTonicClient, type TonicClient } from '../../src/api/tonicClient.ts';
import { recordScan } from '../../src/door/recordScan.ts';
import { toVenueTime } from '../../src/api/venueTime.ts';
import { DoorlistDatabase } from '../../src/db/database.ts';
import type { ScanRow, TicketRow } from '../../src/db/tables.ts';
import type { SetupConfig } from '../../src/contracts/setupLink.ts';
import { runSyncPass } from '../../src/sync/syncPass.ts';
import { instrumentDatabase } from './syncProfiler.ts';
import type { DecideResult, DoorlistSyncBenchApi, DrainResult } from './syncProtocol.ts';

const SEED_CHUNK = 1_000;
const FILL_CHUNK = 5_000;
/** The imported scans happened over the last hours, one a second, so each (ticket, device, time) is distinct. */
const SEED_SPAN_MS = 4 * 3_600_000;

const newId = monotonicFactory();
const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const keyOf = (row: ScanRow) => `${row.ticketId ?? row.payload}|${row.deviceName}|${row.venueTime}`;

function importedScan(ticketId: string, deviceName: string, scannedAtMs: number, venueTimeZone: string): ScanRow {
  const scannedAt = new Date(scannedAtMs);
  return {
    id: newId(scannedAtMs),
    payload: ticketId,
    ticketId,
    direction: 'in',
    scannedAt: scannedAt.toISOString(),
    venueTime: toVenueTime(scannedAt, venueTimeZone),
    deviceName,
    source: 'doorlist',
    input: 'camera',
    verdict: { kind: 'admitted' },
    state: 'queued',
    attempts: 0,
    nextAttemptAt: scannedAtMs,
    serverResult: null,
    lastError: null,
  };
}

/** A made-up but well-formed Tonic ticket id (24 hex . 24 hex . n), distinct for each n. */
const syntheticTicketId = (n: number) => `6b00000000000000${n.toString(16).padStart(8, '0')}.627cb97471209027347177dc.${(n % 4) + 1}`;

const api: DoorlistSyncBenchApi = {
  async seedQueue({ dbName, ticketIds, scans, venueTimeZone }) {
    const db = new DoorlistDatabase(dbName);
    try {
      const startMs = Date.now() - SEED_SPAN_MS;
      const rounds = Math.ceil(scans / ticketIds.length);
      for (let start = 0; start < scans; start += SEED_CHUNK) {
        const rows: ScanRow[] = [];
        for (let i = start; i < Math.min(scans, start + SEED_CHUNK); i += 1) {
          // Round r of the ticket list comes from "another device" r: one admission per ticket per device.
          const round = Math.floor(i / ticketIds.length);
          rows.push(importedScan(ticketIds[i % ticketIds.length]!, `Import door ${String(round + 1).padStart(String(rounds).length, '0')}`, startMs + i * 1_000, venueTimeZone));
        }
        await db.scans.bulkAdd(rows);
      }
      return await db.scans.where('state').equals('queued').count();
    } finally {
      db.close();
    }
  },

  async drain({ dbName, tonicBaseUrl, token, batchSize, profile, relaxedDurability }): Promise<DrainResult> {
    const db = new DoorlistDatabase(dbName);
    if (relaxedDurability) (db._options as { chromeTransactionDurability?: string }).chromeTransactionDurability = 'relaxed';
    await db.open();
    try {
      const profiler = profile ? instrumentDatabase(db) : null;
      const client = createTonicClient({ baseUrl: tonicBaseUrl, token }, profiler?.fetchImpl ?? ((input, init) => fetch(input, init)));
      let requests = 0;
      const counted: TonicClient = {
        ...client,
        checkIn(items) {
          requests += 1;
          return client.checkIn(items);
        },
      };
      const tonic = profiler ? profiler.wrapTonic(counted) : counted;
      const batchIds = monotonicFactory();
      const started = performance.now();
      const report = await runSyncPass({
        db,
        tonic,
        now: Date.now,
        random: Math.random,
        newBatchId: () => batchIds(),
        batchSize,
        setupVersion: null,
        holdsSyncLock: true,
        log: (message, context) => console.warn(`[sync bench] ${message}`, context ?? ''),
      });
      const seconds = (performance.now() - started) / 1000;
      return {
        seconds,
        requests,
        report: { ...report, error: report.error ? `${report.error.kind}: ${report.error.message}` : null },
        profile: profiler?.profile ?? null,
      };
    } finally {
      db.close();
    }
  },

  async readOutbox(dbName) {
    const db = new DoorlistDatabase(dbName);
    try {
      const rows = await db.scans.toArray();
      const states: Record<string, number> = {};
      for (const row of rows) states[row.state] = (states[row.state] ?? 0) + 1;
      return { states, keys: rows.map(keyOf) };
    } finally {
      db.close();
    }
  },

  async decideAndWrite({ dbName, knownTickets, samples, warmUp }): Promise<DecideResult> {
    const db = new DoorlistDatabase(dbName);
    try {
      const fillStarted = performance.now();
      const updatedAt = new Date().toISOString();
      for (let start = 0; start < knownTickets; start += FILL_CHUNK) {
        const rows: TicketRow[] = [];
        for (let n = start; n < Math.min(knownTickets, start + FILL_CHUNK); n += 1) {
          rows.push({ ticketId: syntheticTicketId(n), status: 'valid', reference: `DMN-${8200000000 + n}-${n % 1000}`, guestName: `Guest ${n}`, checkedInAt: null, checkedInDoor: null, updatedAt });
        }
        await db.tickets.bulkAdd(rows);
      }
      const fillSeconds = (performance.now() - fillStarted) / 1000;
      const config: SetupConfig = {
        v: 1,
        deviceName: 'Bench door',
        source: 'doorlist',
        venueTimeZone: 'Europe/London',
        tonic: { baseUrl: '/tonic', token: 'unused', eventId: 'unused' },
      };
      const deps = { db, now: () => new Date(), newId: () => newId() };
      const times: number[] = [];
      let admitted = 0;
      // Distinct known tickets spread over the table (a stride coprime with its size), never one scanned before.
      const stride = 7_919;
      for (let i = 0; i < warmUp + samples; i += 1) {
        const payload = syntheticTicketId((i * stride) % knownTickets);
        const started = performance.now();
        const result = await recordScan(deps, config, { payload, input: 'camera' });
        const ms = performance.now() - started;
        if (!result.ok) throw new Error(`recordScan failed: ${result.message} (${describe(result.cause)})`);
        if (i < warmUp) continue;
        times.push(ms);
        if (result.scan.verdict.kind === 'admitted') admitted += 1;
      }
      return { fillSeconds, samples: times, admitted };
    } finally {
      db.close();
    }
  },

  async deleteDatabase(name) {
    await new DoorlistDatabase(name).delete();
  },
};

window.doorlistSyncBench = api;
document.body.dataset.ready = 'true';
