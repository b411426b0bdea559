// Keeps every ticket row's `searchWords` (the Find a guest index) current, whoever writes the row and however. The guest
// list's chunk rows get theirs (the union of their entries' words) from src/guestlist/listStore.ts's chunkRowOf, the one
// place a chunk row is made.
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { ticketSearchWords } from './ticketSearchWords.ts';

export const TICKETS_TABLE = 'tickets';

type TicketLike = { ticketId: string; reference?: string | null; guestName?: string | null };

const isTicketLike = (value: unknown): value is TicketLike =>
  typeof value === 'object' && value !== null && typeof (value as { ticketId?: unknown }).ticketId === 'string';

/** A copy with the words: the caller's object is left as it was (it may be shown or reused). */
export const withSearchWords = (value: unknown): unknown => (isTicketLike(value) ? { ...value, searchWords: ticketSearchWords(value) } : value);

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
      if (name !== TICKETS_TABLE) return table;
      return {
        ...table,
        mutate: (request: DBCoreMutateRequest) =>
          request.type === 'add' || request.type === 'put' ? table.mutate({ ...request, values: request.values.map(withSearchWords) }) : table.mutate(request),
      };
    },
  }),
};
