// Find a guest: the tickets this device knows and its guest list, by name words, reference or ticket id (prefixes),
// offline, from the indexes.
import type { DoorlistDatabase } from '../db/database.ts';
import type { TicketRow } from '../db/tables.ts';
import { compactKey, foldedWords, foldText, MAX_WORD_CHARS, MAX_WORDS_PER_TICKET, ticketSearchWords } from '../db/ticketSearchWords.ts';
import { type CodeMiddle, type GuestListEntry } from '../model/guestListEntry.ts';
import { entryId, searchEntries, type GuestQuery } from '../guestlist/listStore.ts';

export type { GuestQuery };
import { codeOfEntry, listKeyOfCode, parseTonicCode } from '../model/matchCode.ts';

export const MAX_GUEST_RESULTS = 50;
/** Longer input is cut before any work: nobody types more, and a pasted 10,000-character string must cost nothing. */
export const MAX_QUERY_CHARS = 120;
/** "mary jane o brien smith" is already plenty; more words only make the intersection slower. */
export const MAX_QUERY_WORDS = 6;

export interface GuestSearchResult {
  tickets: TicketRow[];
  /** More tickets matched than were returned: the screen asks for more of the name. */
  more: boolean;
}

/** Tonic's reference shape (parsePayload's BOOKING_REFERENCE): letters, a 4-14 digit number, a 1-6 digit number. */
const REFERENCE_PARTS = /^([A-Z]{2,6})(\d+)$/;
const MIDDLE_DIGITS = { min: 4, max: 14 } as const;

/**
 * Where a reference typed any way would start, in the stored form (upper case, with its dashes): "dmn 7930" ->
 * "DMN-7930"; typed without dashes, every place the second dash could go ("DMN7930721728176" -> … "DMN-7930721728-176").
 */
export function referencePrefixesOf(text: string): string[] {
  const typed = text.trim().toUpperCase().replace(/\s+/g, '-');
  const prefixes = new Set([typed]);
  const parts = REFERENCE_PARTS.exec(typed.replace(/[^A-Z0-9]/g, ''));
  if (parts) {
    const [, letters = '', digits = ''] = parts;
    if (digits.length <= MIDDLE_DIGITS.max) prefixes.add(`${letters}-${digits}`);
    for (let split = MIDDLE_DIGITS.min; split <= MIDDLE_DIGITS.max && split < digits.length; split += 1) {
      prefixes.add(`${letters}-${digits.slice(0, split)}-${digits.slice(split)}`);
    }
  }
  return [...prefixes].filter((prefix) => prefix.length > 0);
}

/** Null when there is nothing to search for (empty, only spaces or punctuation). */
export function parseGuestQuery(raw: string): GuestQuery | null {
  const text = raw.slice(0, MAX_QUERY_CHARS);
  const words = [...new Set(foldedWords(text).map((word) => word.slice(0, MAX_WORD_CHARS)))].slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return null;
  return { words, compact: compactKey(text).slice(0, MAX_WORD_CHARS), idPrefix: text.trim().toLowerCase(), referencePrefixes: referencePrefixesOf(text) };
}

export type GuestPresence =
  | { kind: 'in'; at: string; door: string | null } // at: venue time 'YYYY-MM-DD HH:MM:SS'
  | { kind: 'notIn' }
  | { kind: 'cancelled' }
  | { kind: 'unknown' };

/** Where a known ticket stands, as far as this device knows: what a result shows before anyone taps. */
export function guestPresence(ticket: TicketRow): GuestPresence {
  if (ticket.status === 'cancelled') return { kind: 'cancelled' };
  if (ticket.status === 'unknown') return { kind: 'unknown' };
  return ticket.checkedInAt ? { kind: 'in', at: ticket.checkedInAt, door: ticket.checkedInDoor } : { kind: 'notIn' };
}

/** What results are ordered by: a ticket's or a list entry's name, reference and id. */
interface Sortable {
  guestName: string | null;
  reference: string | null;
  id: string;
}

const isExactMatch = (guest: Sortable, query: GuestQuery): boolean =>
  compactKey(guest.id) === query.compact || (guest.reference !== null && compactKey(guest.reference) === query.compact);

const ticketSortable = (ticket: TicketRow): Sortable => ({ guestName: ticket.guestName, reference: ticket.reference, id: ticket.ticketId });

/** Exact id or reference first, then by name (unnamed last), then reference and id: the same order every time. */
export function compareGuests(query: GuestQuery): (a: TicketRow, b: TicketRow) => number {
  const compare = compareSortable(query);
  return (a, b) => compare(ticketSortable(a), ticketSortable(b));
}

function compareSortable(query: GuestQuery): (a: Sortable, b: Sortable) => number {
  const key = (guest: Sortable) => [isExactMatch(guest, query) ? '0' : '1', guest.guestName ? `0${foldText(guest.guestName)}` : '1', guest.reference ?? '', guest.id];
  return (a, b) => {
    const left = key(a);
    const right = key(b);
    for (let index = 0; index < left.length; index += 1) {
      const order = (left[index] ?? '').localeCompare(right[index] ?? '', 'en');
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** Rows read at a time while checking a multi-word query's candidates: enough to fill a page in one or two reads. */
const CANDIDATE_CHUNK = 250;
/** Index entries looked at per word to tell a rare word (its whole set read) from a common one. */
const PROBE_ENTRIES = 500;

type IndexedTicket = TicketRow & { searchWords?: string[] };

/** The index's words of a stored row (present on every row since schema v4; worked out again if a row somehow lacks them). */
const wordsOf = (ticket: IndexedTicket): string[] => ticket.searchWords ?? ticketSearchWords(ticket);

export async function searchGuests(db: DoorlistDatabase, raw: string, limit = MAX_GUEST_RESULTS): Promise<GuestSearchResult> {
  const query = parseGuestQuery(raw);
  if (!query || limit <= 0) return { tickets: [], more: false };
  const wanted = limit + 1; // one more than shown tells whether there are more
  const found = new Map<string, TicketRow>();
  const index = () => db.tickets.where('searchWords');

  // Ids and references, only when a digit was typed: every id and reference holds digits, and "d" for David must not
  // list every "DMN-…" booking. Both are prefixes of indexes the table already has (primary key, `reference`).
  if (/\d/.test(query.compact)) {
    const keys = await Promise.all([
      db.tickets.where('ticketId').startsWith(query.idPrefix).limit(wanted).primaryKeys(),
      ...query.referencePrefixes.map((prefix) => db.tickets.where('reference').startsWith(prefix).limit(wanted).primaryKeys()),
    ]);
    for (const ticket of await db.tickets.bulkGet([...new Set(keys.flat())].slice(0, wanted))) if (ticket) found.set(ticket.ticketId, ticket);
  }

  const [first, ...others] = query.words as [string, ...string[]];
  if (others.length === 0) {
    // A ticket has at most MAX_WORDS_PER_TICKET entries, so this many hold `wanted` tickets if there are that many.
    const keys = [...new Set(await index().startsWith(first).limit(wanted * MAX_WORDS_PER_TICKET).primaryKeys())].filter((key) => !found.has(key));
    for (const ticket of await db.tickets.bulkGet(keys.slice(0, wanted - found.size))) if (ticket) found.set(ticket.ticketId, ticket);
  } else {
    // Every word must start some name word. A bounded look at each word's entries says which are rare; the rarest's
    // tickets are read and checked on their stored words. When every word is common ("jo sm"), matches are dense: a
    // cursor on one word stops as soon as the page is full. (IDB count() walks the range too: no cheaper than this.)
    const matchesAll = (ticket: IndexedTicket) => {
      const words = wordsOf(ticket);
      return query.words.every((word) => words.some((candidate) => candidate.startsWith(word)));
    };
    const probes = await Promise.all(query.words.map((word) => index().startsWith(word).limit(PROBE_ENTRIES).primaryKeys()));
    const complete = probes.filter((keys) => keys.length < PROBE_ENTRIES).sort((a, b) => a.length - b.length);
    const [rarest, ...alsoRare] = complete;
    if (rarest) {
      const rareSets = alsoRare.map((keys) => new Set(keys));
      const candidates = [...new Set(rarest)].filter((key) => !found.has(key) && rareSets.every((set) => set.has(key)));
      for (let start = 0; start < candidates.length && found.size < wanted; start += CANDIDATE_CHUNK) {
        for (const ticket of await db.tickets.bulkGet(candidates.slice(start, start + CANDIDATE_CHUNK))) {
          if (ticket && found.size < wanted && matchesAll(ticket)) found.set(ticket.ticketId, ticket);
        }
      }
    } else {
      // The longest word, or of equals the last: surnames, typed second, spread wider than first names ("jo sm" walks
      // the Sm… rows: half the reads of walking the Jo… ones, bench/search.ts).
      const driver = query.words.reduce((a, b) => (b.length >= a.length ? b : a));
      const seen = new Set(found.keys()); // a row comes once per matching word of its own: count it once
      const rows = await index()
        .startsWith(driver)
        .filter((ticket) => {
          if (seen.has(ticket.ticketId)) return false;
          seen.add(ticket.ticketId);
          return matchesAll(ticket);
        })
        .limit(wanted - found.size)
        .toArray();
      for (const ticket of rows) found.set(ticket.ticketId, ticket);
    }
  }
  const tickets = [...found.values()].slice(0, limit).map(({ searchWords: _words, ...ticket }: IndexedTicket) => ticket);
  return { tickets: tickets.sort(compareGuests(query)), more: found.size > limit };
}

/** The guest list's entries matching a query: by name words, ticket or booking reference, or a code (its list key). */
export async function searchGuestList(db: DoorlistDatabase, raw: string, limit = MAX_GUEST_RESULTS): Promise<{ entries: GuestListEntry[]; more: boolean }> {
  const query = parseGuestQuery(raw);
  if (!query || limit <= 0) return { entries: [], more: false };
  // A whole Tonic code typed or pasted is looked up by its list key; anything else as the start of a key.
  const idPrefix = parseTonicCode(query.idPrefix) ? listKeyOfCode(query.idPrefix) : query.idPrefix;
  const found = await searchEntries(db, query, idPrefix, limit + 1);
  const entries = [...found.values()].slice(0, limit);
  const compare = compareSortable(query);
  const sortable = (entry: GuestListEntry): Sortable => ({ guestName: entry.guestName, reference: entry.reference, id: entry.code ?? entry.key });
  return { entries: entries.sort((a, b) => compare(sortable(a), sortable(b))), more: found.size > limit };
}

/** One guest found: a ticket this device knows, a guest-list entry, or both (the same ticket). */
export interface FoundGuest {
  /** Stable across searches, for the screen's keys and outcomes. */
  id: string;
  ticket: TicketRow | null;
  entry: GuestListEntry | null;
  name: string | null;
  reference: string | null;
  ticketType: string | null;
  /** What "Check in" sends as the typed input: the ticket's id, the list's code, else its reference (the door then says what it can do). */
  payload: string | null;
}

export type FoundPresence =
  | GuestPresence
  | { kind: 'inOnList' }
  | { kind: 'refunded' }
  | { kind: 'otherDate'; date: string };

/** Where a found guest stands: this device's knowledge of the ticket wins; else what the list says. */
export function foundPresence(guest: FoundGuest, doorDate: string): FoundPresence {
  if (guest.ticket) {
    const presence = guestPresence(guest.ticket);
    if (presence.kind !== 'notIn' || !guest.entry) return presence;
  }
  const entry = guest.entry!;
  if (entry.refunded) return { kind: 'refunded' };
  if (entry.occurrence !== doorDate) return { kind: 'otherDate', date: entry.occurrence };
  return entry.checkedIn ? { kind: 'inOnList' } : { kind: 'notIn' };
}

export interface FindGuestsResult {
  guests: FoundGuest[];
  more: boolean;
}

/**
 * Find a guest over this device's tickets and its whole guest list, merged: a list entry for a ticket known here is one
 * result (the ticket's presence, the list's name and type). `codeMiddle` turns an entry into the code Tonic checks in.
 */
export async function findGuests(db: DoorlistDatabase, raw: string, codeMiddle: CodeMiddle | null, limit = MAX_GUEST_RESULTS): Promise<FindGuestsResult> {
  const query = parseGuestQuery(raw);
  if (!query || limit <= 0) return { guests: [], more: false };
  const [known, listed] = await Promise.all([searchGuests(db, raw, limit), searchGuestList(db, raw, limit)]);
  const guests = new Map<string, FoundGuest>();
  const byListKey = new Map<string, FoundGuest>();
  // A result's id is its list key (a ticket's and its entry's are the same), so it stays the same once a listed guest's
  // ticket becomes known here (checked in from the result).
  const ticketGuest = (ticket: TicketRow): FoundGuest => ({ id: `k:${listKeyOfCode(ticket.ticketId)}`, ticket, entry: null, name: ticket.guestName, reference: ticket.reference, ticketType: null, payload: ticket.ticketId });
  for (const ticket of known.tickets) {
    const guest = ticketGuest(ticket);
    guests.set(guest.id, guest);
    byListKey.set(listKeyOfCode(ticket.ticketId), guest);
  }
  // A listed guest's ticket may be known here without the name the search matched (scanned before Tonic named it).
  const codes = listed.entries.map((entry) => codeOfEntry(entry, codeMiddle));
  const unmatched = [...new Set(codes.filter((code): code is string => code !== null && !byListKey.has(listKeyOfCode(code))))];
  for (const ticket of await db.tickets.bulkGet(unmatched)) if (ticket) byListKey.set(listKeyOfCode(ticket.ticketId), ticketGuest(ticket));
  for (const [index, entry] of listed.entries.entries()) {
    const code = codes[index] ?? null;
    const same = byListKey.get(entry.key);
    if (same && !same.entry) {
      Object.assign(same, { entry, name: same.name ?? entry.guestName, reference: same.reference ?? entry.reference, ticketType: entry.ticketType });
      guests.set(same.id, same);
      continue;
    }
    const id = guests.has(`k:${entry.key}`) ? `k:${entryId(entry)}` : `k:${entry.key}`; // the same key on two dates: two results
    guests.set(id, { id, ticket: null, entry, name: entry.guestName, reference: entry.reference, ticketType: entry.ticketType, payload: code ?? entry.reference });
  }
  const compare = compareSortable(query);
  const sortable = (guest: FoundGuest): Sortable => ({ guestName: guest.name, reference: guest.reference, id: guest.payload ?? guest.id });
  const all = [...guests.values()].sort((a, b) => compare(sortable(a), sortable(b)));
  return { guests: all.slice(0, limit), more: known.more || listed.more || all.length > limit };
}
