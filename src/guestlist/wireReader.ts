// Reads the gateway's `GET /api/guestlist` reply (NDJSON, src/model/guestListEntry.ts) as it streams in: a head, the
// entries, the deletions, an end line. Complete and well formed, or refused as a whole with the line that is wrong.
import { z } from 'zod';
import { decodeEntry, type GuestListEntry, type GuestListMeta } from '../model/guestListEntry.ts';
import { entryId } from './listStore.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const count = z.number().int().nonnegative();

const metaSchema = z.object({
  eventId: z.string().min(1),
  source: z.enum(['dmn', 'file']),
  version: count,
  occurrences: z.array(z.string().regex(DATE)),
  fetchedAt: z.string().nullable(),
  size: count,
  holdsNumbers: z.boolean(),
  codeMiddle: z.enum(['item', 'subType']).nullable(),
  mapping: z.object({ listedConfirmed: count, unlistedConfirmed: count }),
  minimumAge: z.string().nullable(),
}) satisfies z.ZodType<GuestListMeta>;

const headSchema = z.object({
  t: z.literal('head'),
  version: count,
  full: z.boolean(),
  /** Null: the gateway has no list yet. */
  meta: metaSchema.nullable(),
  /** Why the gateway's last refresh brought no list, in staff's words (optional: older gateways do not send it). */
  error: z.string().max(2_000).nullish(),
});
const delSchema = z.object({ t: z.literal('del'), key: z.string().min(1), occurrence: z.string().regex(DATE) });
const endSchema = z.object({ t: z.literal('end'), version: count, puts: count, dels: count });

export interface WireReply {
  version: number;
  full: boolean;
  meta: GuestListMeta | null;
  gatewayError: string | null;
  puts: GuestListEntry[];
  dels: Array<{ key: string; occurrence: string }>;
}

export type WireResult = { ok: true; reply: WireReply } | { ok: false; message: string };

class WireProblem extends Error {}

/** No line of the list comes near this (an entry is a few hundred characters): past it, the reply is not the list. */
export const MAX_LINE_CHARS = 64 * 1024;

/** Fed the reply's text in chunks of any size; `finish()` says whether it was a whole, well-formed reply. */
export function createWireReader(): { push(chunk: string): void; finish(): WireResult } {
  let buffer = '';
  let lineNumber = 0;
  let head: z.infer<typeof headSchema> | null = null;
  let ended = false;
  let problem: string | null = null;
  const puts: GuestListEntry[] = [];
  const dels: Array<{ key: string; occurrence: string }> = [];

  const fail = (message: string): never => {
    throw new WireProblem(`line ${lineNumber}: ${message}`);
  };

  function readLine(line: string): void {
    lineNumber += 1;
    if (line.length > MAX_LINE_CHARS) fail(`a line longer than ${MAX_LINE_CHARS / 1024} KB`);
    if (line.trim() === '') return;
    if (ended) fail('more data after the end line');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return fail('not JSON');
    }
    if (head === null) {
      const parsed = headSchema.safeParse(value);
      if (!parsed.success) return fail('the first line is not the list head');
      head = parsed.data;
      return;
    }
    if (Array.isArray(value)) {
      const entry = decodeEntry(value);
      if (entry === null) return fail('not a guest list entry');
      puts.push(entry);
      return;
    }
    const kind = (value as { t?: unknown } | null)?.t;
    if (kind === 'del') {
      const parsed = delSchema.safeParse(value);
      if (!parsed.success) return fail('a deletion without its key and date');
      dels.push({ key: parsed.data.key, occurrence: parsed.data.occurrence });
      return;
    }
    if (kind === 'end') {
      const parsed = endSchema.safeParse(value);
      if (!parsed.success) return fail('an end line without its counts');
      const end = parsed.data;
      if (end.version !== head.version) return fail(`the end line is for version ${end.version}, the head for ${head.version}`);
      if (end.puts !== puts.length || end.dels !== dels.length) return fail(`the end line counts ${end.puts} entries and ${end.dels} deletions, the reply had ${puts.length} and ${dels.length}`);
      ended = true;
      return;
    }
    return fail('neither an entry, a deletion nor the end line');
  }

  return {
    push(chunk) {
      if (problem !== null) return; // already refused: the rest is not read
      buffer += chunk;
      try {
        // One pass over the chunk, one slice at the end: cutting the buffer after every line would copy it per line.
        let start = 0;
        let newline: number;
        while ((newline = buffer.indexOf('\n', start)) !== -1) {
          readLine(buffer.slice(start, newline).replace(/\r$/, ''));
          start = newline + 1;
        }
        buffer = buffer.slice(start);
        if (buffer.length > MAX_LINE_CHARS) {
          lineNumber += 1;
          fail(`a line longer than ${MAX_LINE_CHARS / 1024} KB`);
        }
      } catch (error) {
        if (!(error instanceof WireProblem)) throw error;
        problem = error.message;
      }
    },
    finish() {
      if (problem === null && buffer.trim() !== '') {
        try {
          readLine(buffer);
        } catch (error) {
          if (!(error instanceof WireProblem)) throw error;
          problem = error.message;
        }
        buffer = '';
      }
      if (problem !== null) return { ok: false, message: `The gateway's guest list could not be read (${problem}); the list on this door was kept.` };
      if (head === null) return { ok: false, message: "The gateway's guest list reply was empty; the list on this door was kept." };
      if (!ended) return { ok: false, message: "The gateway's guest list download was cut short; the list on this door was kept." };
      const { version, full, meta, error } = head as z.infer<typeof headSchema>;
      return { ok: true, reply: { version, full, meta, gatewayError: error ?? null, puts: lastOfEach(puts), dels } };
    },
  };
}

/**
 * One entry per date and key, the last sent winning: a ticket changed while a long download was being read may come
 * twice in one reply (a gateway that pages by version), and the device must not keep two copies of it.
 */
function lastOfEach(puts: readonly GuestListEntry[]): GuestListEntry[] {
  const byId = new Map<string, GuestListEntry>();
  for (const entry of puts) {
    const id = entryId(entry);
    byId.delete(id); // re-inserted below: the later copy takes the later place
    byId.set(id, entry);
  }
  return byId.size === puts.length ? [...puts] : [...byId.values()];
}
