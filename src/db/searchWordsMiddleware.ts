// Keeps every ticket row's and guest-list row's `searchWords` (the Find a guest index) current, whoever writes the row and however.
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { ticketSearchWords } from './ticketSearchWords.ts';

export const TICKETS_TABLE = 'tickets';
/** The guest list (v7): Find a guest over the whole list needs the same words from each entry's `guestName`. */
export const GUEST_LIST_TABLE = 'guestList';

type TicketLike = { ticketId: string; reference?: string | null; guestName?: string | null };

const isTicketLike = (value: unknown): value is TicketLike =>
  typeof value === 'object' && value !== null && typeof (value as { ticketId?: unknown }).ticketId === 'string';

/** A copy with the words: the caller's object is left as it was (it may be shown or reused). */
export const withSearchWords = (value: unknown): unknown => (isTicketLike(value) ? { ...value, searchWords: ticketSearchWords(value) } : value);

const isEntryLike = (value: unknown): value is { guestName: string } =>
  typeof value === 'object' && value !== null && typeof (value as { guestName?: unknown }).guestName === 'string';

/** The same for a guest-list entry (keyed by occurrence and code key, not ticketId). */
export const withEntrySearchWords = (value: unknown): unknown => (isEntryLike(value) ? { ...value, searchWords: ticketSearchWords(value) } : value);

/**
 * A DBCore layer rather than Dexie's creating/updating hooks: add, put, bulkPut, update and modify all reach the core as
 * add/put with whole rows, so the words are computed from the row being written, with no read of the old row first
 * (hooks read every existing row of a bulkPut, which the sync pass does for each batch of 500).
 */
export const searchWordsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ticketSearchWords',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      const words = name === TICKETS_TABLE ? withSearchWords : name === GUEST_LIST_TABLE ? withEntrySearchWords : null;
      if (words === null) return table;
      return {
        ...table,
        mutate: (request: DBCoreMutateRequest) =>
          request.type === 'add' || request.type === 'put' ? table.mutate({ ...request, values: request.values.map(words) }) : table.mutate(request),
      };
    },
  }),
};
