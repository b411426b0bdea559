// `npm run guests:import -- --file list.csv --occurrence 2026-12-05`: the box office's file becomes the list of the
// dates it holds, all or nothing, in the gateway's database (a running gateway serves it at the doors' next refresh).
import { readFile, stat } from 'node:fs/promises';
import { describeGuestFileErrors, MAX_GUEST_FILE_CHARS, parseGuestFile } from '../../../src/guestlist/guestFile.ts';
import type { GuestListEntry } from '../../../src/model/guestListEntry.ts';
import { isCalendarDate } from '../../venueTime.ts';
import type { GatewayStore } from '../store.ts';

/** UTF-8 spends at most 4 bytes a character: a file larger than this cannot be under the parser's limit. */
const MAX_FILE_BYTES = MAX_GUEST_FILE_CHARS * 4;

export interface GuestImportIo {
  out(line: string): void;
  err(line: string): void;
}

const count = (value: number): string => value.toLocaleString('en-GB');

/** Reads, checks and stores the file; the exit code (0 done, 1 bad rows or file, 2 bad arguments). */
export async function importGuestFile(
  store: GatewayStore,
  input: { file: string; occurrence: string; eventId: string; at: string },
  io: GuestImportIo,
): Promise<number> {
  if (!isCalendarDate(input.occurrence)) {
    io.err(`doorlist gateway: --occurrence must be a date as YYYY-MM-DD (e.g. 2026-12-05), not "${input.occurrence.slice(0, 40)}"`);
    return 2;
  }
  let text: string;
  try {
    const { size } = await stat(input.file);
    if (size > MAX_FILE_BYTES) {
      io.err(`doorlist gateway: ${input.file} is ${count(size)} bytes, too large for a guest list; split it by date. Nothing was imported.`);
      return 1;
    }
    text = await readFile(input.file, 'utf8');
  } catch (error) {
    io.err(`doorlist gateway: cannot read ${input.file} (${error instanceof Error ? error.message : String(error)}). Nothing was imported.`);
    return 1;
  }
  const parsed = parseGuestFile(text, { occurrence: input.occurrence });
  if (!parsed.ok) {
    for (const line of describeGuestFileErrors(parsed.errors)) io.err(`${input.file}: ${line}`);
    io.err(`doorlist gateway: nothing was imported. Fix the rows above and run the import again.`);
    return 1;
  }
  // The file's rows by date (a date column may name several): each date's list becomes exactly these rows.
  const byDate = new Map<string, GuestListEntry[]>();
  for (const entry of parsed.entries) byDate.set(entry.occurrence, [...(byDate.get(entry.occurrence) ?? []), entry]);
  const dates = [...byDate.keys()].sort();
  const results = await store.replaceGuestLists(
    dates.map((occurrence) => ({ eventId: input.eventId.toLowerCase(), occurrence, source: 'file' as const, entries: byDate.get(occurrence) ?? [], at: input.at })),
  );
  dates.forEach((occurrence, index) => {
    const result = results[index];
    if (!result) return;
    io.out(
      `${occurrence}: ${count(result.size)} ticket${result.size === 1 ? '' : 's'} on the list (${count(result.added)} added, ${count(result.changed)} changed, ${count(result.removed)} removed).`,
    );
  });
  const version = results.at(-1)?.version ?? 0;
  io.out(`Imported ${count(parsed.entries.length)} tickets from ${input.file}. The guest list is at version ${version}; doors get it at their next refresh.`);
  return 0;
}
