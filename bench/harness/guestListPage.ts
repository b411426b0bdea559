// The guest list benchmark page: the app's own guest list download (gateway -> IndexedDB), recordScan and Find a guest,
// on real IndexedDB in the browser, served by a real gateway on the same origin (bench/guestListBench.ts).
import { monotonicFactory } from 'ulid';
import { recordScan } from '../../src/door/recordScan.ts';
import { findGuests } from '../../src/door/searchGuests.ts';
import { DoorlistDatabase } from '../../src/db/database.ts';
import type { TicketRow } from '../../src/db/tables.ts';
import { refreshFromGateway } from '../../src/guestlist/gatewayGuestList.ts';
import { readAllEntries } from '../../src/guestlist/listStore.ts';
import type { DoorlistGuestListBenchApi } from './guestListProtocol.ts';

const newId = monotonicFactory();
const FILL_CHUNK = 5_000;

const api: DoorlistGuestListBenchApi = {
  /** Tickets this device already knows (as the sync benchmark's decide figure has), none of them on the codes scanned. */
  async fillTickets({ dbName, count }) {
    const db = new DoorlistDatabase(dbName);
    try {
      const startedAt = performance.now();
      const updatedAt = new Date().toISOString();
      for (let start = 0; start < count; start += FILL_CHUNK) {
        const rows: TicketRow[] = [];
        for (let n = start; n < Math.min(count, start + FILL_CHUNK); n += 1) {
          rows.push({ ticketId: `7c00000000000000${n.toString(16).padStart(8, '0')}.627cb97471209027347177dc.1`, status: 'valid', reference: `DMN-${7200000000 + n}-1`, guestName: `Known ${n}`, checkedInAt: null, checkedInDoor: null, updatedAt });
        }
        await db.tickets.bulkAdd(rows);
      }
      return (performance.now() - startedAt) / 1000;
    } finally {
      db.close();
    }
  },

  async download({ dbName, config, occurrence }) {
    const db = new DoorlistDatabase(dbName);
    try {
      const deps = { db, fetchImpl: fetch.bind(window), now: () => new Date(), origin: location.origin, log: (message: string) => console.warn(message) };
      const startedAt = performance.now();
      const outcome = await refreshFromGateway(deps, config, occurrence);
      const ms = performance.now() - startedAt;
      const state = await db.guestListState.get('guestList');
      return { ms, outcome: outcome.kind === 'failed' ? `failed: ${outcome.message}` : outcome.kind, stored: (await readAllEntries(db)).length, version: state?.meta?.version ?? null };
    } finally {
      db.close();
    }
  },

  async decideAndWrite({ dbName, config, codes, warmUp }) {
    const db = new DoorlistDatabase(dbName);
    try {
      const deps = { db, now: () => new Date(), newId: () => newId() };
      const samples: number[] = [];
      const verdicts: Record<string, number> = {};
      for (const [index, payload] of codes.entries()) {
        const startedAt = performance.now();
        const result = await recordScan(deps, config, { payload, input: 'camera' });
        const ms = performance.now() - startedAt;
        if (!result.ok) throw new Error(`recordScan failed: ${result.message}`);
        if (index < warmUp) continue;
        samples.push(ms);
        const verdict = result.scan.verdict as { kind: string; guest?: { name?: string } | null };
        const kind = `${verdict.kind}${verdict.guest?.name ? '+name' : ''}`;
        verdicts[kind] = (verdicts[kind] ?? 0) + 1;
      }
      return { samples, verdicts };
    } finally {
      db.close();
    }
  },

  async search({ dbName, queries, repetitions, warmUp }) {
    const db = new DoorlistDatabase(dbName);
    try {
      const samples: number[] = [];
      const found: number[] = [];
      for (let round = 0; round < warmUp + repetitions; round += 1) {
        for (const query of queries) {
          const startedAt = performance.now();
          const result = await findGuests(db, query, null);
          const ms = performance.now() - startedAt;
          if (round === warmUp) found.push(result.guests.length);
          if (round >= warmUp) samples.push(ms);
        }
      }
      return { samples, found };
    } finally {
      db.close();
    }
  },

  async deleteDatabase(name) {
    await new DoorlistDatabase(name).delete();
  },
};

window.doorlistGuestListBench = api;
document.body.dataset.ready = 'true';
