// Zod schemas of the Tonic CheckIn API replies (seed 004): what we accept at the edge.
import { z } from 'zod';

/**
 * The results of a check-in or check-out that show Tonic holds the ticket (by its id) in a booking: `success`,
 * `already_checked_in`, `cancelled`. The gateway takes a booking's notes only after one of them (an allowlist: any other
 * word, `not_found` and `queued` included, vouches for nothing), and the app wakes a waiting note on the same list.
 */
export const VOUCHING_RESULTS: ReadonlySet<string> = new Set(['success', 'already_checked_in', 'cancelled']);

const checkedInSchema = z
  .object({ date: z.string(), timezone_type: z.number().optional(), timezone: z.string().optional() })
  .nullable()
  .optional();

export const tonicTicketSchema = z.looseObject({
  _id: z.string().nullable().optional(),
  reference: z.union([z.string(), z.number()]).nullable().optional(),
  guest_name: z.string().nullable().optional(),
  guest_email: z.string().nullable().optional(),
  checked_in: checkedInSchema,
  check_in_device_name: z.string().nullable().optional(),
  check_in_source: z.string().nullable().optional(),
});

/** One per requested ticket. Only `success` is documented; anything else is a rejection with the server's words. */
export const tonicCheckInEntrySchema = z.looseObject({
  _id: z.string().nullable().optional(),
  result: z.string(),
  message: z.string().nullable().optional(),
  ticket: tonicTicketSchema.nullable().optional(),
});

export const tonicCheckInReplySchema = z.looseObject({
  check_ins: z.array(z.array(tonicCheckInEntrySchema)),
});

/** Check Out entries: `{ _id, reference, checked_in: null }` (seed), or a result other than success for a ticket it cannot check out. */
export const tonicCheckOutEntrySchema = z.looseObject({
  _id: z.string().nullable().optional(),
  reference: z.union([z.string(), z.number()]).nullable().optional(),
  result: z.string().optional(),
  message: z.string().nullable().optional(),
  checked_in: checkedInSchema,
});

export const tonicCheckOutReplySchema = z.looseObject({
  check_outs: z.array(z.array(tonicCheckOutEntrySchema)),
});

/** Get Event Occurrences 200: `{ data: [...], responseTime }` (seed). Numbers and flags may be missing on a real server. */
export const tonicOccurrencesReplySchema = z.looseObject({
  data: z.array(
    z.looseObject({
      occurrence_date: z.string(),
      occurrence_start: z.string().nullable().optional(),
      occurrence_end: z.string().nullable().optional(),
      on_sale: z.boolean().nullable().optional(),
      is_cancelled: z.boolean().nullable().optional(),
      nice_date: z.string().nullable().optional(),
      max_total_tickets: z.number().nullable().optional(),
      total_sales_tickets: z.number().nullable().optional(),
      sold_out: z.boolean().nullable().optional(),
    }),
  ),
  responseTime: z.string().optional(),
});

export type TonicOccurrence = z.infer<typeof tonicOccurrencesReplySchema>['data'][number];
/** Update Purchase 200: `{ data: <the purchase>, responseTime }` (seed); we keep nothing from it but that it is one. */
export const purchaseReplySchema = z.looseObject({ data: z.looseObject({}) });

/** Reply to an `async: true` batch: the seed documents none; any JSON object means the server took it. */
export const queuedReplySchema = z.looseObject({});

export type TonicCheckOutEntry = z.infer<typeof tonicCheckOutEntrySchema>;
export type TonicTicket = z.infer<typeof tonicTicketSchema>;
export type TonicCheckInEntry = z.infer<typeof tonicCheckInEntrySchema>;

export interface TonicTicketItem {
  ticket_id: string;
  device_name: string;
  time: string;
  source: string;
}
