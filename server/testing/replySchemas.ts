// The reply shapes the contract promises, as zod schemas: tests parse every reply with them, so a drift fails loudly.
import { z } from 'zod';

const hex24 = z.string().regex(/^[0-9a-f]{24}$/);
const isoWithOffset = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);

export const errorReplySchema = z.strictObject({ error: z.string().min(1) });

export const tonicTicketSchema = z.strictObject({
  _id: hex24,
  reference: z.string().regex(/^DMN-\d{10}-\d+$/),
  guest_name: z.string().min(1),
  guest_email: z.string().includes('@'),
  checked_in: z
    .strictObject({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.000000$/),
      timezone_type: z.literal(3),
      timezone: z.literal('Europe/London'),
    })
    .nullable(),
  checked_in_by: z.string().nullable(),
  check_in_device_name: z.string().nullable(),
  check_in_source: z.string().nullable(),
});

const notFoundEntrySchema = z.strictObject({ _id: z.null(), result: z.literal('not_found'), message: z.literal('Ticket not found') });

export const checkInEntrySchema = z.union([
  z.strictObject({ _id: hex24, result: z.enum(['success', 'already_checked_in', 'cancelled']), ticket: tonicTicketSchema }),
  notFoundEntrySchema,
]);
export type CheckInEntryReply = z.infer<typeof checkInEntrySchema>;

export const checkInReplySchema = z.strictObject({ check_ins: z.array(z.array(checkInEntrySchema)).length(1) });

export const checkOutReplySchema = z.strictObject({
  check_outs: z.array(z.array(z.union([z.strictObject({ _id: hex24, reference: z.string(), checked_in: z.null() }), notFoundEntrySchema]))).length(1),
});

export const queuedReplySchema = z.strictObject({ check_ins: z.array(z.never()).length(0), queued: z.number().int().positive() });

export const occurrencesReplySchema = z.strictObject({
  data: z.array(
    z.strictObject({
      occurrence_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      occurrence_start: z.string().regex(/^\d{2}:\d{2}$/),
      occurrence_end: z.string().regex(/^\d{2}:\d{2}$/),
      on_sale: z.boolean(),
      is_cancelled: z.boolean(),
      nice_date: z.string(),
      max_total_tickets: z.number().int(),
      total_sales_tickets: z.number().int(),
      sold_out: z.boolean(),
    }),
  ),
  responseTime: isoWithOffset,
});

export const purchaseReplySchema = z.object({
  data: z.object({
    _id: hex24,
    purchase_id: z.number().int(),
    created_date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    email: z.string().includes('@'),
    address: z.strictObject({ first_name: z.string(), last_name: z.string() }),
    status: z.literal('complete'),
    comments: z.string().nullable(),
    items: z.array(
      z.object({
        _id: hex24,
        name: z.string(),
        sub_type_name: z.enum(['General admission', 'VIP']),
        quantity: z.number().int().min(1).max(4),
        ticket_list: z.array(z.strictObject({ _id: hex24, reference: z.string(), checked_in: tonicTicketSchema.shape.checked_in })),
      }),
    ),
    item: z.object({ _id: hex24, title: z.string(), minimum_age: z.literal('Over 18'), timezone: z.literal('Europe/London') }),
  }),
  responseTime: isoWithOffset,
});

export const windowCountsReplySchema = z.strictObject({
  window_checked_in_counts: z.array(z.strictObject({ ticket_id: z.number().int().nonnegative(), window_checked_in_count: z.number().int().nonnegative() })),
});

const movementLogSchema = z.strictObject({
  ticket_id: z.string(),
  device_name: z.string(),
  time: z.string(),
  source: z.string(),
  async: z.boolean(),
  result: z.string(),
  receivedAt: z.string(),
});
export const checkinsLogSchema = z.strictObject({ checkins: z.array(movementLogSchema) });
export const checkoutsLogSchema = z.strictObject({ checkouts: z.array(movementLogSchema) });
export const requestsLogSchema = z.strictObject({
  requests: z.array(z.strictObject({ method: z.string(), path: z.string(), status: z.number().int().nullable(), answeredAt: z.iso.datetime().nullable() })),
});
