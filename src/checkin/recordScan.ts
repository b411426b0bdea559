// Decides a scan and writes it (outbox row + ticket knowledge) in one IndexedDB transaction, before any feedback.
import type { DoorlistDatabase } from '../db/database.ts';
import type { ScanDirection, ScanRow, ScanSource, TicketRow } from '../db/tables.ts';
import { parsePayload, SETUP_CODE_REASON } from '../scan/parsePayload.ts';
import type { SetupConfig } from '../settings/setupLink.ts';
import { decideScan } from './decideScan.ts';
import { toVenueTime } from './venueTime.ts';

export interface RecordScanDeps {
  db: DoorlistDatabase;
  now: () => Date;
  newId: () => string;
}

export interface ScanInput {
  payload: string;
  input: ScanSource;
  /** Default `in`. */
  direction?: ScanDirection;
}

export type RecordScanResult =
  | { ok: true; scan: ScanRow }
  | { ok: false; message: string; cause: unknown };

export async function recordScan(deps: RecordScanDeps, config: SetupConfig, scanInput: ScanInput): Promise<RecordScanResult> {
  const { db } = deps;
  try {
    const parsed = parsePayload(scanInput.payload);
    const scan = await db.transaction('rw', db.scans, db.tickets, async () => {
      const now = deps.now();
      let ticketId: string | null = parsed.kind === 'ticket' ? parsed.ticketId : null;
      if (parsed.kind === 'reference') {
        ticketId = (await db.tickets.where('reference').equals(parsed.reference).first())?.ticketId ?? null;
      }
      const known = ticketId === null ? null : ((await db.tickets.get(ticketId)) ?? null);
      const direction = scanInput.direction ?? 'in';
      const decision = decideScan(parsed, ticketId, known, direction);
      const row: ScanRow = {
        id: deps.newId(),
        // A setup code carries the device's credentials: never into the history (and so never into an export).
        payload: parsed.kind === 'notATicket' && parsed.reason === SETUP_CODE_REASON ? '(setup code, not kept: it carries credentials)' : scanInput.payload.slice(0, 2048),
        ticketId: decision.ticketId,
        direction,
        scannedAt: now.toISOString(),
        venueTime: toVenueTime(now, config.venueTimeZone),
        deviceName: config.deviceName,
        source: config.source,
        input: scanInput.input,
        verdict: decision.verdict,
        state: decision.send ? 'queued' : 'local',
        attempts: 0,
        nextAttemptAt: now.getTime(),
        serverResult: null,
        lastError: null,
      };
      await db.scans.add(row);
      if (decision.send) {
        const ticket: TicketRow = {
          ticketId: decision.ticketId,
          status: known?.status ?? 'valid',
          reference: known?.reference ?? null,
          guestName: known?.guestName ?? null,
          checkedInAt: direction === 'in' ? row.venueTime : null, // out: the guest may come back in
          checkedInDoor: direction === 'in' ? config.deviceName : null,
          updatedAt: row.scannedAt,
          lastScanId: row.id,
        };
        await db.tickets.put(ticket);
      }
      return row;
    });
    return { ok: true, scan };
  } catch (cause) {
    return { ok: false, message: describeStorageFailure(cause), cause };
  }
}

function describeStorageFailure(cause: unknown): string {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'QuotaExceededError' || (cause instanceof Error && /quota/i.test(cause.message))) {
    return 'Scan NOT saved: this device is out of storage. Do not admit; free space or use another device.';
  }
  return 'Scan NOT saved: the device storage failed. Do not admit; scan again, or reload the app.';
}
