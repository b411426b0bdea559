// Decides a scan and writes it (outbox row + ticket knowledge) in one IndexedDB transaction, before any feedback.
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListStateRow, ScanDirection, ScanRow, ScanSource, SettingsRow, TicketRow } from '../db/tables.ts';
import { doorOccurrenceOf } from '../guestlist/deviceGuestList.ts';
import { type GuestListEntry } from '../model/guestListEntry.ts';
import { codeOfEntry, listKeyOfCode } from '../model/matchCode.ts';
import { entriesByKey, entriesByPurchaseRef, entriesByReference, guestListScope } from '../guestlist/listStore.ts';
import { parsePayload, SETUP_CODE_REASON, type ParsedPayload } from '../model/parsePayload.ts';
import { guestListPolicyOf, preferencesOf } from '../settings/preferences.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { codeMiddleOf, decideScan, entryForDoor, type DoorList } from './decideScan.ts';
import { toVenueTime } from '../api/venueTime.ts';

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
    const scan = await db.transaction('rw', [db.scans, db.tickets, db.settings, guestListScope(db), db.guestListState], async () => {
      const now = deps.now();
      const [settings, listState] = await Promise.all([db.settings.get('device'), db.guestListState.get('guestList')]);
      const list = doorListOf(config, settings, listState, now);
      let ticketId: string | null = parsed.kind === 'ticket' ? parsed.ticketId : null;
      let byReference: GuestListEntry[] = [];
      if (parsed.kind === 'reference') {
        ticketId = (await db.tickets.where('reference').equals(parsed.reference).first())?.ticketId ?? null;
        // Not known here: the guest list may know the reference, and (once the code's middle part is known) its code.
        if (ticketId === null && list.meta) {
          byReference = await entriesByReference(db, parsed.reference);
          const entry = entryForDoor(byReference, list.doorDate);
          ticketId = entry ? codeOfEntry(entry, codeMiddleOf(list)) : null;
        }
      } else if (parsed.kind === 'notATicket' && list.meta) {
        const booking = bookingReferenceOf(scanInput.payload);
        if (booking) byReference = await entriesByPurchaseRef(db, booking);
        // A booking with one ticket is that ticket's reference.
        if (byReference.length === 1) ticketId = codeOfEntry(byReference[0]!, codeMiddleOf(list));
      }
      const only = parsed.kind === 'notATicket' && byReference.length === 1 ? byReference[0]! : null;
      const effective: ParsedPayload = only ? { kind: 'reference', reference: only.reference ?? only.purchaseRef ?? scanInput.payload.trim() } : parsed;
      const [known, entries] = ticketId === null ? [null, []] : await Promise.all([db.tickets.get(ticketId).then((row) => row ?? null), entriesByKey(db, listKeyOfCode(ticketId))]);
      const direction = scanInput.direction ?? 'in';
      const decision = decideScan(effective, ticketId, known, direction, { list, entries, byReference });
      const listed = entries.find((entry) => entry.occurrence === list.doorDate) ?? null;
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
          reference: known?.reference ?? listed?.reference ?? null,
          guestName: known?.guestName ?? listed?.guestName ?? null,
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

/** A booking (purchase) reference as staff type it: `DMN-7930721728` (a ticket's reference has a third part). */
const BOOKING_REFERENCE = /^[A-Z]{2,6}-\d{4,14}$/i;

export function bookingReferenceOf(payload: string): string | null {
  const text = payload.trim();
  return BOOKING_REFERENCE.test(text) ? text.toUpperCase() : null;
}

/** The door's date (its chosen occurrence, else today in the venue), its policy and its list, as one scan sees them. */
export function doorListOf(config: SetupConfig, settings: Pick<SettingsRow, 'preferences'> | undefined, state: GuestListStateRow | undefined, now: Date): DoorList {
  const preferences = preferencesOf(settings);
  return {
    doorDate: doorOccurrenceOf(config, preferences, now, state?.meta?.occurrences),
    nowMs: now.getTime(),
    policy: guestListPolicyOf(config, preferences),
    meta: state?.meta ?? null,
    localMapping: state?.localMapping ?? { listedConfirmed: 0, unlistedConfirmed: 0 },
    localCodeMiddle: state?.localCodeMiddle ?? null,
  };
}

function describeStorageFailure(cause: unknown): string {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'QuotaExceededError' || (cause instanceof Error && /quota/i.test(cause.message))) {
    return 'Scan NOT saved: this device is out of storage. Do not admit; free space or use another device.';
  }
  return 'Scan NOT saved: the device storage failed. Do not admit; scan again, or reload the app.';
}
