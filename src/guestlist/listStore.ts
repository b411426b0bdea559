// The guest list's storage on the device: every read and write of its entries (IndexedDB table `guestListChunks`, v7).
// Entries are kept in chunks of up to GUEST_LIST_CHUNK_SIZE entries of one occurrence, with multiEntry indexes of their
// code keys, references and Find a guest words: 100,000 tickets are ~4,000 records (an IndexedDB put costs ~60 µs
// whatever its size, an index entry ~2 µs), and a lookup reads the one chunk that holds the entry. No other module
// touches the table; the list's state row and its transactions are deviceGuestList.ts's.
import type { Collection } from 'dexie';
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListChunkRow } from '../db/tables.ts';
import { ticketSearchWords } from '../db/ticketSearchWords.ts';
import { decodeEntry, encodeEntry, type GuestListEntry } from '../model/guestListEntry.ts';

/**
 * Entries per chunk, by measurement (bench/guestListBench.ts, 100,000 tickets, this 2-core machine): a first download
 * is ~4,000 puts instead of 100,000 (2.4 s; 2.2 s with chunks of 100). A delta of 1,000 tickets spread over the list
 * touches ~1,000 chunks whatever their size, and rewriting a chunk rewrites all its index entries: 0.86 s with chunks
 * of 25, 2.1 s with chunks of 100. A scan's lookup reads one chunk, so small is cheap there too.
 */
export const GUEST_LIST_CHUNK_SIZE = 25;

/** The table, for transaction scopes only (recordScan, the sync pass, a new setup): reads and writes go through here. */
export const guestListScope = (db: DoorlistDatabase) => db.guestListChunks;

/** An entry's identity: its date and code key (the same key may be listed on two dates). */
export const entryId = (entry: Pick<GuestListEntry, 'occurrence' | 'key'>): string => `${entry.occurrence}\u0000${entry.key}`;

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** The one way a chunk row is made: its index fields follow from its entries (the e2e helper writes these too). */
export function chunkRowOf(occurrence: string, entries: readonly GuestListEntry[], id?: number): GuestListChunkRow {
  // IndexedDB would skip an entry's missing key in the multiEntry index without a word: refused here, so the write fails.
  const bad = entries.find((entry) => typeof entry.key !== 'string' || entry.key === '' || entry.occurrence !== occurrence);
  if (bad) throw new TypeError(`A guest list entry without a code key or of another date cannot be stored (${String(bad.key)}, ${String(bad.occurrence)})`);
  return {
    ...(id === undefined ? {} : { id }),
    occurrence,
    packed: JSON.stringify(entries.map(encodeEntry)),
    keys: unique(entries.map((entry) => entry.key)),
    references: unique(entries.flatMap((entry) => [entry.reference, entry.purchaseRef].filter((ref): ref is string => ref !== null))),
    searchWords: unique(entries.flatMap((entry) => ticketSearchWords(entry))),
  };
}

/** A chunk's entries (a tuple that does not decode, which only a damaged database could hold, is left out). */
export function unpackChunk(chunk: Pick<GuestListChunkRow, 'packed'>): GuestListEntry[] {
  const tuples: unknown = JSON.parse(chunk.packed);
  return Array.isArray(tuples) ? tuples.map(decodeEntry).filter((entry): entry is GuestListEntry => entry !== null) : [];
}

/** Entries by occurrence, in their order. */
function byOccurrence(entries: readonly GuestListEntry[]): Map<string, GuestListEntry[]> {
  const groups = new Map<string, GuestListEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.occurrence);
    if (group) group.push(entry);
    else groups.set(entry.occurrence, [entry]);
  }
  return groups;
}

/** New chunk rows holding these entries (each chunk one occurrence, full but for each occurrence's last). */
export function chunkRowsOf(entries: readonly GuestListEntry[], size = GUEST_LIST_CHUNK_SIZE): GuestListChunkRow[] {
  const rows: GuestListChunkRow[] = [];
  for (const [occurrence, group] of byOccurrence(entries)) {
    for (let start = 0; start < group.length; start += size) rows.push(chunkRowOf(occurrence, group.slice(start, start + size)));
  }
  return rows;
}

/** How many entries each occurrence has (the state row's `entryCounts`). */
export function entryCountsOf(entries: readonly GuestListEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.occurrence] = (counts[entry.occurrence] ?? 0) + 1;
  return counts;
}

/** Counts after a change: zero counts are dropped. */
export function addCounts(counts: Readonly<Record<string, number>>, change: Readonly<Record<string, number>>): Record<string, number> {
  const next: Record<string, number> = { ...counts };
  for (const [occurrence, delta] of Object.entries(change)) next[occurrence] = (next[occurrence] ?? 0) + delta;
  return Object.fromEntries(Object.entries(next).filter(([, count]) => count > 0));
}

const entriesOf = (chunks: ReadonlyArray<GuestListChunkRow | undefined>, accept: (entry: GuestListEntry) => boolean): GuestListEntry[] => {
  const seen = new Set<number>();
  const entries: GuestListEntry[] = [];
  for (const chunk of chunks) {
    if (!chunk || seen.has(chunk.id!)) continue;
    seen.add(chunk.id!);
    for (const entry of unpackChunk(chunk)) if (accept(entry)) entries.push(entry);
  }
  return entries;
};

/**
 * The chunks holding any of these keys, each once: the ids of each key's chunks, asked all at once, then one bulk get.
 * Not `anyOf`: Dexie walks it with one cursor step per key, each waiting for the last (3.5 s for a delta of 1,000 keys
 * in Chromium, against 0.07 s for the requests sent together).
 */
async function chunksHolding(db: DoorlistDatabase, keys: readonly string[]): Promise<GuestListChunkRow[]> {
  const ids = unique((await Promise.all(keys.map((key) => db.guestListChunks.where('keys').equals(key).primaryKeys()))).flat() as number[]);
  return (await db.guestListChunks.bulkGet(ids)).filter((chunk): chunk is GuestListChunkRow => chunk !== undefined);
}

// ---- Reads (each one indexed read; inside a caller's transaction when there is one) ----

/** The entries listed under this code key, on every date (one indexed read: a scan's lookup). */
export async function entriesByKey(db: DoorlistDatabase, key: string): Promise<GuestListEntry[]> {
  return entriesOf(await db.guestListChunks.where('keys').equals(key).toArray(), (entry) => entry.key === key);
}

/** The entries under any of these keys, for a batch (the sync pass's mapping evidence): one round of index reads, one bulk get. */
export async function entriesByKeys(db: DoorlistDatabase, keys: readonly string[]): Promise<GuestListEntry[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys);
  return entriesOf(await chunksHolding(db, [...wanted]), (entry) => wanted.has(entry.key));
}

/** The entries whose ticket reference is this one (stored upper case, as listed). */
export async function entriesByReference(db: DoorlistDatabase, reference: string): Promise<GuestListEntry[]> {
  return entriesOf(await db.guestListChunks.where('references').equals(reference).toArray(), (entry) => entry.reference === reference);
}

/** The entries of this booking (purchase reference): every ticket of it. */
export async function entriesByPurchaseRef(db: DoorlistDatabase, purchaseRef: string): Promise<GuestListEntry[]> {
  return entriesOf(await db.guestListChunks.where('references').equals(purchaseRef).toArray(), (entry) => entry.purchaseRef === purchaseRef);
}

/** Whether any entry is stored (listed or a first list half-written). */
export async function holdsEntries(db: DoorlistDatabase): Promise<boolean> {
  return (await db.guestListChunks.limit(1).primaryKeys()).length > 0;
}

/** Chunks read at a time when the whole list is read (each read its own short transaction unless the caller has one). */
const READ_PAGE_CHUNKS = 50;

/** Every stored entry, read in pages of chunks: a scan's transaction never waits for one long read. */
export async function readAllEntries(db: DoorlistDatabase): Promise<GuestListEntry[]> {
  const entries: GuestListEntry[] = [];
  let after: number | null = null;
  for (;;) {
    const from: number | null = after;
    const page: GuestListChunkRow[] = await (from === null ? db.guestListChunks.orderBy(':id') : db.guestListChunks.where(':id').above(from)).limit(READ_PAGE_CHUNKS).toArray();
    for (const chunk of page) entries.push(...unpackChunk(chunk));
    if (page.length < READ_PAGE_CHUNKS) return entries;
    after = page[page.length - 1]!.id!;
  }
}

// ---- Find a guest ----

/** The chunk ids a range of an index holds, in index order (a chunk once per matching index entry). */
const chunkIdsOf = (range: Collection<GuestListChunkRow, number | undefined>): Promise<number[]> => range.primaryKeys() as Promise<number[]>;

/** Index entries looked at per word to tell a rare word (its whole set read) from a common one. */
const PROBE_ENTRIES = 500;
/** Chunks read at a time while filling a page of results. */
const READ_BATCH_CHUNKS = 8;

/** A Find a guest query, parsed (door/searchGuests.ts parseGuestQuery). */
export interface GuestQuery {
  /** Folded words, each a prefix that some word of the ticket must start with. */
  words: string[];
  /** The whole query folded with punctuation taken out: a reference typed with or without its dashes. */
  compact: string;
  /** The query as a ticket id is stored (trimmed, lower case: Tonic ids are kept so), for a prefix of the primary key. */
  idPrefix: string;
  /** The query as a stored reference may start ("DMN-7930…"), for prefixes of the `reference` index. */
  referencePrefixes: string[];
}

/**
 * Up to `wanted` entries matching a query, by their entry id, from the indexes: a code key typed (`idPrefix`, only with
 * a digit), a ticket or booking reference prefix, and name words (every word must start a word of the guest's name).
 * Reads chunks a few at a time and stops as soon as `wanted` are found: a one-letter query reads a handful of chunks.
 */
export async function searchEntries(db: DoorlistDatabase, query: GuestQuery, idPrefix: string, wanted: number): Promise<Map<string, GuestListEntry>> {
  const table = db.guestListChunks;
  const found = new Map<string, GuestListEntry>();
  const take = (chunks: ReadonlyArray<GuestListChunkRow | undefined>, accept: (entry: GuestListEntry) => boolean) => {
    for (const entry of entriesOf(chunks, accept)) {
      if (found.size >= wanted) return;
      const id = entryId(entry);
      if (!found.has(id)) found.set(id, entry);
    }
  };

  // Keys and references, only when a digit was typed (as for tickets: "d" for David must not list every "DMN-…").
  if (/\d/.test(query.compact)) {
    const ids = await Promise.all([
      chunkIdsOf(table.where('keys').startsWith(idPrefix).limit(wanted)),
      ...query.referencePrefixes.map((prefix) => chunkIdsOf(table.where('references').startsWith(prefix).limit(wanted))),
    ]);
    const startsAny = (value: string | null) => value !== null && query.referencePrefixes.some((prefix) => value.startsWith(prefix));
    take(await table.bulkGet(unique(ids.flat())), (entry) => entry.key.startsWith(idPrefix) || startsAny(entry.reference) || startsAny(entry.purchaseRef));
  }
  if (found.size >= wanted) return found;

  const matchesAll = (entry: GuestListEntry) => {
    const words = ticketSearchWords(entry);
    return query.words.every((word) => words.some((candidate) => candidate.startsWith(word)));
  };
  const readInBatches = async (ids: readonly number[]) => {
    for (let start = 0; start < ids.length && found.size < wanted; start += READ_BATCH_CHUNKS) take(await table.bulkGet(ids.slice(start, start + READ_BATCH_CHUNKS)), matchesAll);
  };
  // A chunk's words are its entries' words together: a chunk holding every word may still hold no entry with all of
  // them, so each chunk read is filtered entry by entry.
  const probes = await Promise.all(query.words.map((word) => chunkIdsOf(table.where('searchWords').startsWith(word).limit(PROBE_ENTRIES))));
  const complete = probes.filter((ids) => ids.length < PROBE_ENTRIES).sort((a, b) => a.length - b.length);
  const [rarest, ...alsoRare] = complete;
  if (rarest) {
    const rareSets = alsoRare.map((ids) => new Set(ids));
    await readInBatches(unique(rarest).filter((id) => rareSets.every((set) => set.has(id))));
    return found;
  }
  // Every word is common: walk the longest one's index (of equals the last: surnames, typed second, spread wider),
  // a page of index entries at a time, until the results are full or the word's entries end.
  const driverIndex = query.words.reduce((best, word, index) => (word.length >= query.words[best]!.length ? index : best), 0);
  const driver = query.words[driverIndex]!;
  const read = new Set<number>();
  let ids = probes[driverIndex]!;
  for (let offset = 0; ; ) {
    const fresh = unique(ids).filter((id) => !read.has(id));
    fresh.forEach((id) => read.add(id));
    await readInBatches(fresh);
    if (found.size >= wanted || ids.length < PROBE_ENTRIES) return found;
    offset += ids.length;
    ids = await chunkIdsOf(table.where('searchWords').startsWith(driver).offset(offset).limit(PROBE_ENTRIES));
  }
}

// ---- Writes (inside the caller's transaction, which covers guestListScope(db)) ----

/** Adds these entries as new chunks (a whole list, or a first list's next part). */
export async function addEntries(db: DoorlistDatabase, entries: readonly GuestListEntry[]): Promise<void> {
  if (entries.length > 0) await db.guestListChunks.bulkAdd(chunkRowsOf(entries));
}

/** No entries at all. */
export async function clearEntries(db: DoorlistDatabase): Promise<void> {
  await db.guestListChunks.clear();
}

/**
 * Applies puts (new or changed entries) and deletions: one indexed read finds the chunks holding those keys; a changed
 * entry is rewritten in its chunk, a deleted one taken out (an emptied chunk is deleted); new entries fill the touched
 * chunks of their date that have room, then new chunks. Returns how each occurrence's count changed.
 */
export async function applyEntryChanges(
  db: DoorlistDatabase,
  puts: readonly GuestListEntry[],
  dels: ReadonlyArray<Pick<GuestListEntry, 'occurrence' | 'key'>>,
): Promise<Record<string, number>> {
  const keys = unique([...puts, ...dels].map((entry) => entry.key));
  if (keys.length === 0) return {};
  const chunks = await chunksHolding(db, keys);
  const putById = new Map(puts.map((entry) => [entryId(entry), entry]));
  const deleted = new Set(dels.map(entryId));
  const placed = new Set<string>();
  const change: Record<string, number> = {};
  const count = (occurrence: string, delta: number) => {
    if (delta !== 0) change[occurrence] = (change[occurrence] ?? 0) + delta;
  };
  const touched: Array<{ id: number; occurrence: string; entries: GuestListEntry[] }> = [];
  for (const chunk of chunks) {
    const next: GuestListEntry[] = [];
    const stored = unpackChunk(chunk);
    let changed = false;
    for (const entry of stored) {
      const id = entryId(entry);
      const put = putById.get(id);
      if (put && !placed.has(id)) {
        next.push(put);
        placed.add(id);
        changed = true;
      } else if (put || deleted.has(id)) {
        changed = true; // deleted (or a duplicate of an entry already placed)
      } else {
        next.push(entry);
      }
    }
    if (!changed) continue;
    count(chunk.occurrence, next.length - stored.length);
    touched.push({ id: chunk.id!, occurrence: chunk.occurrence, entries: next });
  }
  const fresh = [...putById.values()].filter((entry) => !placed.has(entryId(entry)));
  const added: GuestListEntry[] = [];
  for (const [occurrence, group] of byOccurrence(fresh)) {
    count(occurrence, group.length);
    let rest = group;
    for (const chunk of touched) {
      if (rest.length === 0) break;
      if (chunk.occurrence !== occurrence || chunk.entries.length >= GUEST_LIST_CHUNK_SIZE) continue;
      const room = GUEST_LIST_CHUNK_SIZE - chunk.entries.length;
      chunk.entries.push(...rest.slice(0, room));
      rest = rest.slice(room);
    }
    added.push(...rest);
  }
  const emptied = touched.filter((chunk) => chunk.entries.length === 0).map((chunk) => chunk.id);
  const rewritten = touched.filter((chunk) => chunk.entries.length > 0).map((chunk) => chunkRowOf(chunk.occurrence, chunk.entries, chunk.id));
  if (emptied.length > 0) await db.guestListChunks.bulkDelete(emptied);
  if (rewritten.length > 0) await db.guestListChunks.bulkPut(rewritten);
  await addEntries(db, added);
  return change;
}
