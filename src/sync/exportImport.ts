// Moving scans between devices: export the whole outbox and history (JSON, and CSV for people), import on another device.
// The JSON also carries staff notes on bookings (the mutations outbox); files without them still import.
import { z } from 'zod';
import type { DoorlistDatabase } from '../db/database.ts';
import type { MutationRow, ScanRow, TicketRow } from '../db/tables.ts';
import { MAX_NOTE_CHARS } from './bookingNotes.ts';

export const EXPORT_FORMAT = 'doorlist-scans';
export const EXPORT_VERSION = 1;

export interface ScanExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  deviceName: string;
  scans: ScanRow[];
  tickets: TicketRow[];
  /** Staff notes on bookings, sent or not. Optional in a file: exports from before it existed have none. */
  bookingNotes: MutationRow[];
}

export async function exportScans(db: DoorlistDatabase, now: Date, deviceName: string): Promise<ScanExport> {
  return db.transaction('r', db.scans, db.tickets, db.mutations, async () => ({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    deviceName,
    scans: await db.scans.orderBy('id').toArray(),
    // Without the Find a guest index words: the importing device computes its own.
    tickets: (await db.tickets.toArray()).map(({ searchWords: _index, ...ticket }: TicketRow & { searchWords?: string[] }) => ticket),
    bookingNotes: await db.mutations.orderBy('id').toArray(),
  }));
}

const CSV_COLUMNS = ['id', 'scannedAt', 'venueTime', 'direction', 'ticketId', 'payload', 'verdict', 'state', 'attempts', 'deviceName', 'input', 'serverResult', 'serverMessage', 'lastError'] as const;

/**
 * Where a spreadsheet may start a new cell inside this one's text: the start, and after a `;` or tab (the separators of
 * semicolon locales and of pasted tables, where the quotes around this cell are not at a cell's start and so mean
 * nothing) or a line break; blanks and quotes there do not count. OWASP's list of characters that start a formula.
 */
const FORMULA_START = /(?<=^|[;\t\r\n])([ "]*)(?=[=+\-@\t\r])/g;

/** One cell: quoted when needed; every place a formula could start is defused with `'`, so a spreadsheet never runs a scanned payload. */
export function csvCell(value: string | number | null | undefined): string {
  const text = (value === null || value === undefined ? '' : String(value)).replace(FORMULA_START, "$1'");
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function scansToCsv(scans: readonly ScanRow[]): string {
  const lines = scans.map((row) =>
    [
      row.id,
      row.scannedAt,
      row.venueTime,
      row.direction,
      row.ticketId,
      row.payload,
      row.verdict.kind,
      row.state,
      row.attempts,
      row.deviceName,
      row.input,
      row.serverResult?.result,
      row.serverResult?.message,
      row.lastError,
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

const importedScanSchema = z.looseObject({
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'is not a scan id'),
  payload: z.string().max(4096),
  ticketId: z.string().max(200).nullable(),
  direction: z.enum(['in', 'out']),
  scannedAt: z.string(),
  venueTime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  deviceName: z.string().max(60),
  source: z.string().max(60),
  input: z.enum(['camera', 'keyboard', 'manual']),
  // The closed verdict union, field by field: the scan screen draws whatever is stored.
  verdict: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('admitted') }),
    z.object({ kind: z.literal('alreadyIn'), at: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), door: z.string().max(60).nullable() }),
    z.object({ kind: z.literal('notATicket'), reason: z.string().max(200) }),
    z.object({ kind: z.literal('checkedOut') }),
    z.object({ kind: z.literal('unknownTicket') }),
    z.object({ kind: z.literal('cancelled') }),
  ]),
  state: z.enum(['queued', 'sending', 'confirmed', 'rejected', 'failed', 'local', 'sentUnconfirmed']),
});

const importFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { message: 'is not a Doorlist scans export' }),
  version: z.literal(EXPORT_VERSION, { message: 'is from a newer Doorlist' }),
  deviceName: z.string(),
  scans: z.array(importedScanSchema).max(200_000),
  tickets: z
    .array(
      z.object({
        ticketId: z.string().max(200),
        status: z.enum(['valid', 'unknown', 'cancelled']),
        reference: z.string().max(100).nullable(),
        guestName: z.string().max(200).nullable(),
        checkedInAt: z.string().max(40).nullable(),
        checkedInDoor: z.string().max(60).nullable(),
        updatedAt: z.string().max(40),
      }),
    )
    .max(500_000)
    .default([]),
  bookingNotes: z
    .array(
      z.object({
        id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'is not a note id'),
        kind: z.literal('purchaseComment'),
        purchaseId: z.string().regex(/^[0-9a-f]{24}$/i, 'is not a Tonic purchase id'),
        ticketId: z.string().max(200).nullable(),
        comments: z.string().min(1).max(MAX_NOTE_CHARS),
        createdAt: z.string().max(40),
        state: z.enum(['queued', 'sending', 'confirmed', 'failed']),
        lastError: z.string().max(500).nullable().default(null),
      }),
    )
    .max(100_000)
    .default([]),
});

export type ImportResult =
  | { ok: true; added: number; queued: number; alreadyHere: number; notesAdded: number; notesQueued: number; from: string }
  | { ok: false; message: string };

/**
 * Adds the scans this device does not have yet (by scan id). Unsent ones join this device's queue with their own
 * door name and scan time, so Tonic gets exactly what the other device would have sent; the rest come in as history.
 */
export async function importScans(db: DoorlistDatabase, fileText: string, now: Date): Promise<ImportResult> {
  let json: unknown;
  try {
    json = JSON.parse(fileText);
  } catch {
    return { ok: false, message: 'This file is not a Doorlist export (it is not JSON).' };
  }
  const parsed = importFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `This file cannot be imported: ${issue ? `${issue.path.join('.') || 'file'} ${issue.message}` : 'unknown problem'}. Nothing was changed.` };
  }
  const file = parsed.data;
  const at = now.toISOString();
  const unique = [...new Map(file.scans.map((scan) => [scan.id, scan])).values()]; // a scan listed twice is one scan
  try {
    return await db.transaction('rw', db.scans, db.tickets, db.mutations, async () => {
    const existing = new Set(await db.scans.where('id').anyOf(unique.map((scan) => scan.id)).primaryKeys());
    const fresh = unique.filter((scan) => !existing.has(scan.id));
    const rows = fresh.map((scan): ScanRow => {
      // Only a scan with a ticket id can be sent; one without is kept as history.
      const unsent = (scan.state === 'queued' || scan.state === 'sending') && scan.ticketId !== null;
      const keptOnly = (scan.state === 'queued' || scan.state === 'sending') && scan.ticketId === null;
      // A file from before schema v5 may name the batch and lease a scan was in flight under: they meant nothing here.
      const { batchId: _batchId, leaseUntil: _leaseUntil, ...fields } = scan as unknown as ScanRow & { batchId?: unknown; leaseUntil?: unknown };
      return {
        ...fields,
        state: unsent ? 'queued' : keptOnly ? 'local' : scan.state,
        attempts: unsent ? 0 : Number((scan as { attempts?: unknown }).attempts ?? 0),
        nextAttemptAt: now.getTime(),
        serverResult: (scan as { serverResult?: ScanRow['serverResult'] }).serverResult ?? null,
        lastError: (scan as { lastError?: string | null }).lastError ?? null,
        // Only a real time marks a scan handled; anything else in a file (made by hand, or by another tool) would hide it
        // from Needs attention's count but not its list, or the other way round (sync/problems.ts): it comes in unhandled.
        handledAt: typeof fields.handledAt === 'string' && fields.handledAt !== '' ? fields.handledAt : null,
        importedAt: at,
      };
    });
    await db.scans.bulkAdd(rows);
    const knownTickets = new Set(await db.tickets.where('ticketId').anyOf(file.tickets.map((ticket) => ticket.ticketId)).primaryKeys());
    await db.tickets.bulkPut(file.tickets.filter((ticket) => !knownTickets.has(ticket.ticketId)) satisfies TicketRow[]);
    // Booking notes the same way: new ones by id, unsent ones queued here (Tonic keeps the last comment sent per booking).
    const notes = [...new Map(file.bookingNotes.map((note) => [note.id, note])).values()];
    const notesHere = new Set(await db.mutations.where('id').anyOf(notes.map((note) => note.id)).primaryKeys());
    const noteRows = notes
      .filter((note) => !notesHere.has(note.id))
      .map((note): MutationRow => {
        const unsent = note.state === 'queued' || note.state === 'sending';
        return { ...note, state: unsent ? 'queued' : note.state, attempts: 0, nextAttemptAt: now.getTime() };
      });
    await db.mutations.bulkAdd(noteRows);
    return {
      ok: true as const,
      added: rows.length,
      queued: rows.filter((row) => row.state === 'queued').length,
      alreadyHere: existing.size,
      notesAdded: noteRows.length,
      notesQueued: noteRows.filter((note) => note.state === 'queued').length,
      from: file.deviceName,
    };
    });
  } catch (error) {
    return { ok: false, message: `The scans could not be stored on this device (${error instanceof Error ? error.message : String(error)}). Nothing was changed.` };
  }
}
