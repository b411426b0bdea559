// Request schemas of the emulated Tonic API, with error messages that name the field and say what is wrong.
import { z } from 'zod';
import { MAX_SCANS_PER_REQUEST } from '../src/contracts/batchLimits.ts';

/** Tonic's `time`: venue-local wall clock, no offset. */
const TONIC_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

const requiredString = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

const ticketItemSchema = z.object(
  {
    ticket_id: requiredString().trim().min(1, 'must not be empty'),
    device_name: requiredString().min(1, 'must not be empty'),
    time: requiredString().regex(TONIC_TIME, 'must be YYYY-MM-DD HH:MM:SS'),
    source: requiredString().min(1, 'must not be empty'),
  },
  { error: 'must be an object' },
);

export const ticketBatchSchema = z.object(
  {
    tickets: z
      .array(ticketItemSchema, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an array') })
      .min(1, 'must not be empty')
      .max(MAX_SCANS_PER_REQUEST, `must have at most ${MAX_SCANS_PER_REQUEST} items`),
    async: z.boolean({ error: 'must be true or false' }).optional(),
  },
  { error: 'body must be a JSON object' },
);

export type TicketBatch = z.infer<typeof ticketBatchSchema>;
export type TicketBatchItem = TicketBatch['tickets'][number];

export const purchaseUpdateSchema = z.object(
  { comments: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }) },
  { error: 'body must be a JSON object' },
);
