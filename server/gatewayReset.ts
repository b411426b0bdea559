// The demo's and the tests' clean slate for a gateway: the demo server's /__control reset and the test kits call it. The
// production gateway has no way to forget what it recorded: its store's interface (gateway/store.ts) holds no reset.
import type Database from 'better-sqlite3';
import type { Gateway } from './gateway/createGateway.ts';
import { openSqliteDatabase, SqliteGatewayStore } from './gateway/sqliteStore.ts';
import type { GatewayStore } from './gateway/store.ts';

/** A SQLite store with its database at hand, so that the demo and the tests can wipe it. */
export interface ResettableStore {
  store: GatewayStore;
  database: Database.Database;
}

export function openResettableStore(file: string): ResettableStore {
  const database = openSqliteDatabase(file);
  return { store: new SqliteGatewayStore(database), database };
}

/**
 * In one transaction: forgets check-ins, presence, bookings and the guest list, and every device but those kept. The
 * audit log and the movement numbering go on. The list's version moves past every earlier one, with the floor, so each
 * device gets a whole (empty) list next.
 */
export function clearStoredData(database: Database.Database, keepDeviceIds: readonly number[]): void {
  database.transaction(() => {
    const list = database.prepare('SELECT version FROM guest_list_state WHERE id = 1').get() as { version: number } | undefined;
    database.exec('DELETE FROM guest_list_entries');
    database.exec('DELETE FROM guest_list_occurrences');
    if (list) {
      database
        .prepare(
          `UPDATE guest_list_state SET version = ?, floor_version = ?, code_middle = NULL, listed_confirmed = 0, unlisted_confirmed = 0,
             mismatch_warned = 0, minimum_age = NULL WHERE id = 1`,
        )
        .run(list.version + 1, list.version + 1);
    }
    database.exec('DELETE FROM known_purchases');
    database.exec('DELETE FROM check_ins');
    database.exec('DELETE FROM ticket_presence');
    const keep = keepDeviceIds.length === 0 ? '' : ` WHERE id NOT IN (${keepDeviceIds.map(() => '?').join(', ')})`;
    database.prepare(`DELETE FROM devices${keep}`).run(...keepDeviceIds);
  })();
}

/**
 * The whole gateway back to a clean slate: the event streams of the devices forgotten end, the stored data goes
 * (clearStoredData), and so do the rate limits, the refusal counts and the guest list schedule's memory.
 */
export async function resetGateway(gateway: Gateway, database: Database.Database, keepDeviceIds: readonly number[]): Promise<void> {
  for (const device of await gateway.store.listDevices()) if (!keepDeviceIds.includes(device.id)) gateway.feed.endDevice(device.id, null);
  clearStoredData(database, keepDeviceIds);
  for (const buckets of Object.values(gateway.buckets)) buckets.clear();
  gateway.refusals.clear();
  gateway.guestList.clear();
}
