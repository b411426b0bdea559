// Moving scans between devices: export the whole outbox and history (JSON, and CSV for people), import on another device.
// The JSON also carries staff notes on bookings (the mutations outbox); files without them still import.
import { z } from 'zod';
import type { DoorlistDatabase } from '../db/database.ts';
import type { MutationRow, ScanRow, TicketRow } from '../db/tables.ts';
import { MAX_NOTE_CHARS } from './bookingNoteQueue.ts';
import { cutShort } from '../model/parsePayload.ts';
import { readServerAnswer } from '../model/serverVerdict.ts';

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
    // Without the server's verdict: it is read from serverResult, which the file keeps, and the importing device reads
    // it again with its own rules (importScans). A file without the field also stays one older versions import (their
    // check refuses fields it does not know).
    scans: (await db.scans.orderBy('id').toArray()).map(({ serverVerdict: _read, ...scan }) => scan),
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

/**
 * The largest file Import reads. An export of 100,000 scans (each answered by the server), their 100,000 tickets with
 * names and 10,000 booking notes measures 106.5 MB (exportImport.test.ts builds it); 160 MB leaves half as much again.
 * Checked against the file's size before a byte of it is read.
 */
export const MAX_IMPORT_BYTES = 160_000_000;

const megabytes = (bytes: number): string => `${Math.max(0.1, Math.round(bytes / 100_000) / 10)} MB`;

/** Why a file of this size is not read at all, or null when it may be. */
export function importSizeProblem(bytes: number): string | null {
  if (bytes === 0) return 'This file is empty: it is not a Doorlist export. Nothing was changed.';
  if (bytes <= MAX_IMPORT_BYTES) return null;
  return `This file is ${megabytes(bytes)}: too big to be a Doorlist export (the largest taken is ${megabytes(MAX_IMPORT_BYTES)}, over 100,000 scans). Nothing was changed.`;
}

const SCAN_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const VENUE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text of at most `max` characters. */
const boundedText = (max: number) => z.string().max(max, `is longer than ${max} characters`);
/** Text used as a key or a door's name: bounded, and without a control character. */
const plainText = (max: number) => boundedText(max).refine((value) => !CONTROL.test(value), 'has a control character in it');
/**
 * Text a server wrote (its result, message, door names, errors): not ours to refuse. A scan whose server once sent a
 * long message must still move between devices, so an over-long one is cut to `max` characters, never a reason to
 * refuse the file.
 */
const serverText = (max: number) => z.string().transform((value) => cutShort(value, max));
/** The same for a server's words that staff search and read as a line (a booking reference): control characters go too. */
const serverLine = (max: number) => z.string().transform((value) => cutShort(value.replace(CONTROL_ALL, ' '), max));
const ticketId = plainText(200).min(1, 'is empty');
const isoTime = boundedText(40).refine((value) => ISO_TIME.test(value) && Number.isFinite(Date.parse(value)), 'is not a time like 2026-11-24T19:00:00.000Z');
const venueTime = z.string().regex(VENUE_TIME, 'is not a venue time like 2026-11-24 19:00:00');
/** Every object in a file is closed: a field this app does not know means the file is not what it says. */
const closed = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `has a field this app does not know (${issue.keys.join(', ')})` : undefined) });

/** The guest list's words about a guest, as a verdict carries them (the list's text: cut, never a reason to refuse a file). */
const listedGuestSchema = closed({ name: serverLine(200), ticketType: serverLine(200), reference: serverLine(60).nullable() });
const uncheckedReasonSchema = z.enum(['noList', 'staleList', 'numbers', 'notConfirmed', 'broken']);
const listAgeSchema = z.number().int().min(0).max(10_000_000);
const venueDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date like 2026-12-05');

const importedScanSchema = closed({
  id: z.string().regex(SCAN_ID, 'is not a scan id'),
  payload: boundedText(4096), // what the camera read, exactly: it may hold any character
  ticketId: ticketId.nullable(),
  direction: z.enum(['in', 'out']),
  scannedAt: isoTime,
  venueTime,
  deviceName: plainText(60),
  source: plainText(60),
  input: z.enum(['camera', 'keyboard', 'manual']),
  // The closed verdict union, field by field: the scan screen draws whatever is stored.
  verdict: z.discriminatedUnion('kind', [
    closed({
      kind: z.literal('admitted'),
      guest: listedGuestSchema.optional(),
      checkId: serverText(60).optional(),
      unchecked: uncheckedReasonSchema.optional(),
      listAgeMinutes: listAgeSchema.optional(),
    }),
    closed({ kind: z.literal('alreadyInOnList'), guest: listedGuestSchema }),
    closed({ kind: z.literal('refunded'), guest: listedGuestSchema }),
    closed({ kind: z.literal('otherDate'), date: venueDate, doorDate: venueDate, guest: listedGuestSchema }),
    closed({ kind: z.literal('otherEvent') }),
    closed({ kind: z.literal('notOnList') }),
    closed({ kind: z.literal('noGuestList'), reason: uncheckedReasonSchema, listAgeMinutes: listAgeSchema.optional() }),
    closed({ kind: z.literal('foundNoCode'), guest: listedGuestSchema }),
    closed({ kind: z.literal('severalOnList'), purchaseRef: serverLine(60), count: z.number().int().min(2).max(100_000) }),
    closed({ kind: z.literal('alreadyIn'), at: venueTime, door: serverText(200).nullable() }),
    closed({ kind: z.literal('notATicket'), reason: serverText(200) }), // this app's words, but older versions wrote longer ones
    closed({ kind: z.literal('checkedOut') }),
    closed({ kind: z.literal('unknownTicket') }),
    closed({ kind: z.literal('cancelled') }),
  ]),
  state: z.enum(['queued', 'sending', 'confirmed', 'rejected', 'failed', 'local', 'sentUnconfirmed']),
  // Optional from here: files made by hand or by older versions may lack them; the import fills them in.
  attempts: z.number().int().min(0).max(1_000_000).optional(),
  nextAttemptAt: z.number().finite().optional(),
  serverResult: closed({
    result: serverText(200),
    message: serverText(2000).nullable(),
    checkedInAt: serverText(40).nullable(),
    checkedInDevice: serverText(200).nullable(),
    receivedAt: isoTime,
  })
    .nullable()
    .optional(),
  lastError: serverText(2000).nullable().optional(),
  /** Only a real time marks a scan handled (Needs attention counts and lists by it). */
  handledAt: isoTime.nullable().optional(),
  importedAt: isoTime.nullable().optional(),
  // Files from before schema v5 name the batch and lease a scan was in flight under: read, then dropped.
  batchId: boundedText(40).nullable().optional(),
  leaseUntil: z.number().nullable().optional(),
});

const importFileSchema = closed({
  format: z.literal(EXPORT_FORMAT, { message: 'is not a Doorlist scans export' }),
  version: z.literal(EXPORT_VERSION, { message: 'is from a newer Doorlist' }),
  exportedAt: isoTime.optional(),
  deviceName: plainText(60),
  scans: z.array(importedScanSchema).max(200_000, 'has more than 200,000 scans'),
  tickets: z
    .array(
      closed({
        ticketId,
        status: z.enum(['valid', 'unknown', 'cancelled']),
        reference: serverLine(100).nullable(),
        guestName: serverText(200).nullable(),
        checkedInAt: serverText(40).nullable(),
        checkedInDoor: serverText(200).nullable(),
        updatedAt: boundedText(40),
        // Which of the other device's scans set the check-in: meaningless here, so not kept.
        lastScanId: z.string().regex(SCAN_ID, 'is not a scan id').optional(),
      }),
    )
    .max(500_000, 'has more than 500,000 tickets')
    .default([]),
  bookingNotes: z
    .array(
      closed({
        id: z.string().regex(SCAN_ID, 'is not a note id'),
        kind: z.literal('purchaseComment'),
        purchaseId: z.string().regex(/^[0-9a-f]{24}$/i, 'is not a Tonic purchase id'),
        ticketId: ticketId.nullable(),
        comments: boundedText(MAX_NOTE_CHARS).min(1, 'is empty'),
        createdAt: isoTime,
        state: z.enum(['queued', 'sending', 'confirmed', 'failed']),
        attempts: z.number().int().min(0).max(1_000_000).optional(),
        nextAttemptAt: z.number().finite().optional(),
        lastError: serverText(2000).nullable().default(null),
      }),
    )
    .max(100_000, 'has more than 100,000 booking notes')
    .default([]),
});

const NAMES: Record<string, string> = { string: 'text', array: 'a list', object: 'an object', number: 'a number', boolean: 'true or false', int: 'a whole number' };
const named = (kind: string): string => NAMES[kind] ?? kind;
const kindOf = (value: unknown): string => (value === null ? 'empty (null)' : named(Array.isArray(value) ? 'array' : typeof value));

/** Zod's own words for the common problems, in plain ones (the schema's own messages, above, come first). */
function plainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is missing' : `should be ${named(issue.expected)}, not ${kindOf(issue.input)}`;
    case 'invalid_value':
      return `is not one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      return 'is not one this app knows';
    case 'too_small':
      return issue.origin === 'number' ? `is below ${String(issue.minimum)}` : undefined;
    case 'too_big':
      return issue.origin === 'number' ? `is above ${String(issue.maximum)}` : undefined;
    default:
      return undefined;
  }
}

const LIST_NAMES: Record<string, string> = { scans: 'scan', tickets: 'ticket', bookingNotes: 'booking note' };

/** Where in the file a problem is, for people: "scan 13's ticketId", "booking note 1's purchaseId", "the file's format". */
function placeOf(path: readonly PropertyKey[]): string {
  const [list, index, ...rest] = path;
  const field = (keys: readonly PropertyKey[]) => keys.map(String).join('.');
  if (typeof list === 'string' && typeof index === 'number' && LIST_NAMES[list]) {
    const row = `${LIST_NAMES[list]} ${index + 1}`;
    return rest.length > 0 ? `${row}'s ${field(rest)}` : row;
  }
  return path.length > 0 ? `the file's ${field(path)}` : 'the file';
}

/** The whole file's refusal: the first problem, where it is, and how many more there are. */
function describeRefusal(issues: readonly z.core.$ZodIssue[]): string {
  const [first] = issues;
  if (!first) return 'This file cannot be imported. Nothing was changed.';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more ${issues.length === 2 ? 'problem' : 'problems'})` : '';
  return `This file cannot be imported: ${placeOf(first.path)} ${first.message}${more}. Nothing was changed.`;
}

export type ImportResult =
  | { ok: true; added: number; queued: number; alreadyHere: number; notesAdded: number; notesQueued: number; from: string }
  | { ok: false; message: string };

/**
 * Adds the scans this device does not have yet (by scan id). Unsent ones join this device's queue with their own
 * door name and scan time, so Tonic gets exactly what the other device would have sent; the rest come in as history.
 */
export async function importScans(db: DoorlistDatabase, fileText: string, now: Date): Promise<ImportResult> {
  const tooBig = importSizeProblem(fileText.length); // a string's length never exceeds its UTF-8 bytes: the caller's size check came first
  if (tooBig) return { ok: false, message: tooBig };
  let json: unknown;
  try {
    json = JSON.parse(fileText);
  } catch {
    return { ok: false, message: 'This file is not a Doorlist export (it is not JSON).' };
  }
  const parsed = importFileSchema.safeParse(json, { error: plainIssue });
  if (!parsed.success) return { ok: false, message: describeRefusal(parsed.error.issues) };
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
      const { batchId: _batchId, leaseUntil: _leaseUntil, ...fields } = scan;
      const state = unsent ? 'queued' : keptOnly ? 'local' : scan.state;
      const serverResult = scan.serverResult ?? null;
      const answered = (state === 'confirmed' || state === 'rejected') && serverResult !== null;
      return {
        ...fields,
        state,
        attempts: unsent ? 0 : (scan.attempts ?? 0),
        nextAttemptAt: now.getTime(),
        serverResult,
        // The server's verdict, read from its answer as the sync pass reads a reply (the file carries none).
        serverVerdict: answered ? readServerAnswer(scan, serverResult).verdict : null,
        lastError: scan.lastError ?? null,
        handledAt: scan.handledAt ?? null,
        importedAt: at,
      };
    });
    await db.scans.bulkAdd(rows);
    const knownTickets = new Set(await db.tickets.where('ticketId').anyOf(file.tickets.map((ticket) => ticket.ticketId)).primaryKeys());
    const freshTickets = file.tickets.filter((ticket) => !knownTickets.has(ticket.ticketId)).map(({ lastScanId: _scan, ...ticket }): TicketRow => ticket);
    await db.tickets.bulkPut(freshTickets);
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
