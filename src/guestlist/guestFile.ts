// The box office's guest list as a file (CSV or JSON) -> guest-list entries, all or nothing: every bad row is named
// with its line number, and one bad row imports none. Used by the gateway (`npm run guests:import`) and by a device
// (Activity). The columns are documented in docs/guest-list.md ("A file"); docs/guest-list-sample.csv is an example.
import { listKeyOf, listKeyOfCode, parseTonicCode } from '../model/matchCode.ts';
import { parsePayload } from '../model/parsePayload.ts';
import type { GuestListEntry } from '../model/guestListEntry.ts';

export interface GuestFileError {
  /** 1-based line of the file where the bad row (or the syntax error) is. */
  line: number;
  message: string;
}

export type GuestFileResult = { ok: true; entries: GuestListEntry[] } | { ok: false; errors: GuestFileError[] };

export interface GuestFileOptions {
  /** The date (YYYY-MM-DD) of rows without an `occurrence` column. */
  occurrence: string;
}

/** Larger files are refused before any parsing: 100,000 tickets with long names come to about 20 MB. */
export const MAX_GUEST_FILE_CHARS = 64 * 1024 * 1024;
export const MAX_GUEST_FILE_ROWS = 500_000;
/** Errors listed one by one; past this many the rest are counted. */
export const MAX_LISTED_ERRORS = 50;
const MAX_NAME_CHARS = 200;
const MAX_TEXT_CHARS = 120;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;

/** The columns, by their documented names; headers are matched without case, spaces, dashes or underscores. */
const COLUMNS = ['code', 'purchase_id', 'ticket_ref', 'reference', 'purchase_ref', 'name', 'ticket_type', 'occurrence', 'refunded', 'checked_in', 'event_id', 'ticket_type_id'] as const;
type Column = (typeof COLUMNS)[number];
const ALIASES: Readonly<Record<string, Column>> = {
  guestname: 'name',
  guest: 'name',
  ticketid: 'code',
  barcode: 'code',
  purchaseid: 'purchase_id',
  ticketref: 'ticket_ref',
  purchaseref: 'purchase_ref',
  bookingreference: 'reference',
  tickettype: 'ticket_type',
  date: 'occurrence',
  checkedin: 'checked_in',
  eventid: 'event_id',
  itemid: 'event_id',
  tickettypeid: 'ticket_type_id',
  subtypeid: 'ticket_type_id',
};
const columnOf = (header: string): Column | null => {
  const folded = header.replace(CONTROLS, '').trim().toLowerCase().replace(/[\s_-]+/g, '');
  return ALIASES[folded] ?? COLUMNS.find((column) => column.replace(/_/g, '') === folded) ?? null;
};

type Row = { line: number; fields: Partial<Record<Column, string>> };
/** A file's rows, and the rows that could not even be read as rows (checked together, so every bad row is named). */
type ReadRows = { rows: Row[]; errors: GuestFileError[] };

export function parseGuestFile(text: string, options: GuestFileOptions): GuestFileResult {
  if (!DATE.test(options.occurrence)) return fail(1, `The date "${options.occurrence.slice(0, 20)}" is not a date as YYYY-MM-DD`);
  if (text.length > MAX_GUEST_FILE_CHARS) return fail(1, `The file is larger than ${MAX_GUEST_FILE_CHARS / 1024 / 1024} MB; split it by date`);
  const body = text.replace(/^\ufeff/, '');
  if (body.trim() === '') return fail(1, 'The file is empty');
  const read = /^\s*[[{]/.test(body) ? jsonRows(body) : csvRows(body);
  if ('ok' in read) return read;
  const count = read.rows.length + read.errors.length;
  if (count === 0) return fail(1, 'The file has a header but no tickets');
  if (count > MAX_GUEST_FILE_ROWS) return fail(1, `The file has ${count} tickets; at most ${MAX_GUEST_FILE_ROWS} are imported at once`);
  return toEntries(read.rows, options.occurrence, read.errors);
}

function fail(line: number, message: string): GuestFileResult {
  return { ok: false, errors: [{ line, message }] };
}

// ---- CSV ----

/** RFC 4180 records with the physical line each starts on; `,`, `;` or tab, chosen from the header line. */
function csvRows(text: string): ReadRows | GuestFileResult {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].reduce((best, candidate) => (firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best), ',');
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line += 1;
      recordLine = line;
    } else cell += char;
  }
  if (quoted) return fail(quoteLine, 'A quoted field is never closed (a " is missing)');
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  const nonEmpty = records.filter((record) => record.cells.some((value) => value.trim() !== ''));
  const header = nonEmpty.shift();
  if (!header) return fail(1, 'The file is empty');
  const columns = header.cells.map(columnOf);
  const unknown = header.cells.filter((_, index) => columns[index] === null).map((name) => `"${clean(name).slice(0, 40)}"`);
  if (unknown.length > 0) return fail(header.line, `Unknown column ${unknown.join(', ')}: the columns are ${COLUMNS.join(', ')}`);
  const repeated = columns.find((column, index) => columns.indexOf(column) !== index);
  if (repeated) return fail(header.line, `The column ${repeated} appears twice`);
  const errors: GuestFileError[] = [];
  const rows: Row[] = [];
  for (const record of nonEmpty) {
    if (record.cells.length !== columns.length) {
      errors.push({ line: record.line, message: `has ${record.cells.length} fields; the header has ${columns.length}` });
      continue;
    }
    const fields: Partial<Record<Column, string>> = {};
    record.cells.forEach((value, index) => {
      const column = columns[index];
      if (column) fields[column] = value;
    });
    rows.push({ line: record.line, fields });
  }
  return { rows, errors };
}

/** The first MAX_LISTED_ERRORS errors, and a last line counting the rest. */
function capErrors(errors: GuestFileError[]): GuestFileError[] {
  const rest = errors.slice(MAX_LISTED_ERRORS);
  const first = rest[0];
  return first === undefined ? errors : [...errors.slice(0, MAX_LISTED_ERRORS), { line: first.line, message: `and ${rest.length} more rows with problems` }];
}

// ---- JSON ----

/** An array of ticket objects, or `{ "tickets": [...] }`; each object's line is found by a scan of the text. */
function jsonRows(text: string): ReadRows | GuestFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(lineAt(text, jsonErrorOffset(text)), 'The file is not valid JSON here');
  }
  const wrapped = !Array.isArray(value) && typeof value === 'object' && value !== null && Array.isArray((value as { tickets?: unknown }).tickets);
  if (wrapped && Object.keys(value as object).length > 1) return fail(1, 'The JSON object must hold only "tickets" (an array of tickets)');
  const items: unknown = wrapped ? (value as { tickets: unknown[] }).tickets : value;
  if (!Array.isArray(items)) return fail(1, 'The JSON must be an array of tickets, or an object with a "tickets" array');
  const lines = elementLines(text, wrapped ? 2 : 1);
  const errors: GuestFileError[] = [];
  const rows: Row[] = [];
  items.forEach((item, index) => {
    const line = lines[index] ?? 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ line, message: 'is not a ticket object ({ "code": …, "name": … })' });
      return;
    }
    const fields: Partial<Record<Column, string>> = {};
    for (const [name, raw] of Object.entries(item)) {
      const column = columnOf(name);
      if (column === null) {
        errors.push({ line, message: `has an unknown field "${clean(name).slice(0, 40)}": the fields are ${COLUMNS.join(', ')}` });
        return;
      }
      if (raw === null || raw === undefined) continue;
      if (typeof raw === 'object') {
        errors.push({ line, message: `field ${column} must be text, a number or true/false` });
        return;
      }
      fields[column] = String(raw);
    }
    rows.push({ line, fields });
  });
  return { rows, errors };
}

const SPACE = /[ \t\r\n]/;
const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/**
 * Where JSON.parse gave up (it names no position on this Node): a validator without recursion, so a hostile file nested
 * a million deep costs a loop, not the stack. Only run on a file JSON.parse refused.
 */
function jsonErrorOffset(text: string): number {
  const closers: string[] = [];
  let state: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'after' = 'value';
  let index = 0;
  const readString = (): boolean => {
    for (index += 1; index < text.length; index += 1) {
      const char = text[index] ?? '';
      if (char === '"') {
        index += 1;
        return true;
      }
      if (char === '\\') index += 1;
      else if (char < ' ') return false;
    }
    return false;
  };
  for (;;) {
    while (index < text.length && SPACE.test(text[index] ?? '')) index += 1;
    if (index >= text.length) return index;
    const char = text[index] ?? '';
    const start = index;
    if (state === 'value' || state === 'valueOrClose') {
      if (char === '{' || char === '[') {
        closers.push(char === '{' ? '}' : ']');
        state = char === '{' ? 'keyOrClose' : 'valueOrClose';
        index += 1;
      } else if (state === 'valueOrClose' && char === ']') {
        closers.pop();
        state = 'after';
        index += 1;
      } else if (char === '"') {
        if (!readString()) return start;
        state = 'after';
      } else {
        const literal = LITERAL.exec(text.slice(index, index + 400));
        if (!literal) return start;
        index += literal[0].length;
        state = 'after';
      }
    } else if (state === 'key' || state === 'keyOrClose') {
      if (state === 'keyOrClose' && char === '}') {
        closers.pop();
        state = 'after';
        index += 1;
      } else {
        if (char !== '"' || !readString()) return start;
        while (index < text.length && SPACE.test(text[index] ?? '')) index += 1;
        if (text[index] !== ':') return index;
        index += 1;
        state = 'value';
      }
    } else {
      const top = closers.at(-1);
      if (top === undefined) return start;
      if (char === ',') state = top === '}' ? 'key' : 'value';
      else if (char === top) closers.pop();
      else return start;
      index += 1;
    }
  }
}

const lineAt = (text: string, position: number): number => {
  let line = 1;
  for (let index = 0; index < position && index < text.length; index += 1) if (text[index] === '\n') line += 1;
  return line;
};

/** The line each element at `depth` (1: the top array's items; 2: `{ "tickets": [items] }`) starts on. */
function elementLines(text: string, depth: number): number[] {
  const lines: number[] = [];
  let level = 0;
  let line = 1;
  let inString = false;
  let expecting = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\n') line += 1;
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    if (expecting && char !== ']') {
      lines.push(line);
      expecting = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      level += 1;
      if (char === '[' && level === depth) expecting = true;
    } else if (char === ']' || char === '}') level -= 1;
    else if (char === ',' && level === depth) expecting = true;
  }
  return lines;
}

// ---- Rows to entries ----

const clean = (value: string): string => value.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '']);

function toEntries(rows: readonly Row[], defaultOccurrence: string, readErrors: readonly GuestFileError[]): GuestFileResult {
  const errors: GuestFileError[] = [];
  const entries: GuestListEntry[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const problems: string[] = [];
    const field = (column: Column): string => clean(row.fields[column] ?? '');
    const flag = (column: Column): boolean => {
      const value = field(column).toLowerCase();
      if (YES.has(value)) return true;
      if (!NO.has(value)) problems.push(`${column} "${value.slice(0, 20)}" is not yes or no`);
      return false;
    };
    const occurrence = field('occurrence') || defaultOccurrence;
    if (!DATE.test(occurrence) || Number.isNaN(Date.parse(`${occurrence}T00:00:00Z`))) problems.push(`occurrence "${occurrence.slice(0, 20)}" is not a date as YYYY-MM-DD`);
    const hex = (column: Column): string | null => {
      const value = field(column).toLowerCase();
      if (value === '') return null;
      if (!OBJECT_ID.test(value)) problems.push(`${column} "${value.slice(0, 30)}" is not a 24-hex id`);
      return value;
    };
    let purchaseId = hex('purchase_id');
    let ticketRef: number | null = null;
    const refText = field('ticket_ref');
    if (refText !== '') {
      if (/^[1-9]\d{0,5}$/.test(refText)) ticketRef = Number(refText);
      else problems.push(`ticket_ref "${refText.slice(0, 20)}" is not a ticket number (1, 2, 3…)`);
    }
    let code: string | null = null;
    const codeText = field('code');
    if (codeText !== '') {
      const parsed = parsePayload(codeText);
      if (parsed.kind === 'ticket') code = parsed.ticketId;
      else problems.push(`code "${codeText.slice(0, 40)}" is not a ticket code a door can scan (a Tonic ticket id or a ticket number)`);
    }
    const tonic = code === null ? null : parseTonicCode(code);
    if (tonic) {
      if ((purchaseId !== null && purchaseId !== tonic.purchaseId) || (ticketRef !== null && ticketRef !== tonic.ticketRef)) {
        problems.push('purchase_id or ticket_ref disagree with the code');
      }
      purchaseId = tonic.purchaseId;
      ticketRef = tonic.ticketRef;
    }
    if (code === null && (purchaseId === null || ticketRef === null) && problems.length === 0) {
      problems.push('needs a code, or a purchase_id with a ticket_ref');
    }
    const name = field('name');
    if (name.length > MAX_NAME_CHARS) problems.push(`name is longer than ${MAX_NAME_CHARS} characters`);
    const text = (column: Column): string | null => {
      const value = field(column);
      if (value.length > MAX_TEXT_CHARS) problems.push(`${column} is longer than ${MAX_TEXT_CHARS} characters`);
      return value === '' ? null : value;
    };
    const reference = text('reference')?.toUpperCase() ?? null;
    const purchaseRef = text('purchase_ref')?.toUpperCase() ?? null; // typed booking references are looked up upper case
    const ticketType = text('ticket_type') ?? '';
    const refunded = flag('refunded');
    const checkedIn = flag('checked_in');
    const itemId = hex('event_id');
    const subTypeId = hex('ticket_type_id');
    if (problems.length > 0) {
      errors.push({ line: row.line, message: problems.join('; ') });
      continue;
    }
    const key = code !== null ? listKeyOfCode(code) : listKeyOf(purchaseId ?? '', ticketRef ?? 0);
    const seenAt = firstLineOf.get(`${occurrence}|${key}`);
    if (seenAt !== undefined) {
      errors.push({ line: row.line, message: `is the same ticket as line ${seenAt} (${code ?? key}, ${occurrence})` });
      continue;
    }
    firstLineOf.set(`${occurrence}|${key}`, row.line);
    entries.push({ key, occurrence, purchaseId, ticketRef, code, ticketObjectId: null, purchaseRef, reference, guestName: name, ticketType, itemId, subTypeId, refunded, checkedIn });
  }
  if (errors.length === 0 && readErrors.length === 0) return { ok: true, entries };
  return { ok: false, errors: capErrors([...readErrors, ...errors].sort((a, b) => a.line - b.line)) };
}

/** The errors as lines for people: "Line 12: code "xyz" is not …". */
export const describeGuestFileErrors = (errors: readonly GuestFileError[]): string[] => errors.map((error) => `Line ${error.line}: ${error.message}`);
