// HTTP routes of the emulated Tonic CheckIn API (mounted under /tonic): auth, validation, and reply shapes.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { DEMO_EVENT_ID, DEMO_TONIC_TOKEN } from './demoData.ts';
import type { EmulatorState } from './emulatorState.ts';
import type { ServerEnv } from './serverEnv.ts';
import { checkInBatch, checkOutBatch, isAllUnknown, type BatchContext } from './tonicCheckins.ts';
import { parseJsonBody } from './jsonBody.ts';
import { purchaseUpdateSchema, ticketBatchSchema, type TicketBatchItem } from './tonicSchemas.ts';
import { occurrencesBetween, purchaseView } from './tonicViews.ts';
import { isCalendarDate, venueIsoWithOffset } from './venueTime.ts';

/** How long an async batch waits in the emulated queue; long enough that the reply always goes first. */
export const ASYNC_QUEUE_DELAY_MS = 25;

function requireBearerToken(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const match = /^bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match || match[1] !== DEMO_TONIC_TOKEN) return c.json({ error: 'Invalid or missing bearer token' }, 401);
    await next();
  };
}

function readDateParam(value: string | undefined, name: string): { date: string } | { error: string } {
  if (value === undefined || value === '') return { error: `${name} is required (YYYY-MM-DD)` };
  return isCalendarDate(value) ? { date: value } : { error: `${name} must be a date as YYYY-MM-DD` };
}

type BatchApplier<Entry> = (state: EmulatorState, items: readonly TicketBatchItem[], context: BatchContext) => Entry[];

/** Check-in and check-out share everything but the rule applied and the name of the reply's list. */
function ticketBatchRoute<Entry>(state: EmulatorState, replyKey: 'check_ins' | 'check_outs', apply: BatchApplier<Entry>) {
  return async (c: Context<ServerEnv>) => {
    const parsed = parseJsonBody(await c.req.text(), ticketBatchSchema);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const { tickets } = parsed.value;
    const context: BatchContext = { async: parsed.value.async === true, receivedAt: state.clock().toISOString() };

    if (context.async) {
      // Tonic's queue: the caller gets no per-ticket confirmation, only that the batch was taken.
      const generation = state.generation;
      setTimeout(() => {
        if (state.generation === generation) apply(state, tickets, context); // a reset in between empties Tonic's queue too
      }, ASYNC_QUEUE_DELAY_MS).unref();
      return c.json({ [replyKey]: [], queued: tickets.length }, 200);
    }
    const allUnknown = isAllUnknown(state, tickets);
    const entries = apply(state, tickets, context);
    if (allUnknown) return c.json({ error: 'Tickets not found' }, 404);
    return c.json({ [replyKey]: [entries] }, 200);
  };
}

export function tonicRoutes(state: EmulatorState): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  app.use('*', requireBearerToken());

  app.post('/checkin/tickets', ticketBatchRoute(state, 'check_ins', checkInBatch));
  app.post('/checkout/tickets', ticketBatchRoute(state, 'check_outs', checkOutBatch));

  app.get('/events/:event/occurrences', (c) => {
    if (c.req.param('event') !== DEMO_EVENT_ID) return c.json({ error: 'Event not found' }, 404);
    const from = readDateParam(c.req.query('item_date_from'), 'item_date_from');
    if ('error' in from) return c.json(from, 400);
    const to = readDateParam(c.req.query('item_date_to'), 'item_date_to');
    if ('error' in to) return c.json(to, 400);
    if (from.date > to.date) return c.json({ error: 'item_date_from must not be after item_date_to' }, 400);
    return c.json({ data: occurrencesBetween(state, from.date, to.date), responseTime: venueIsoWithOffset(state.clock()) }, 200);
  });

  app.patch('/purchases/:purchase_id', async (c) => {
    const purchase = state.findPurchase(c.req.param('purchase_id'));
    if (!purchase) return c.json({ error: 'Purchase not found' }, 404);
    const parsed = parseJsonBody(await c.req.text(), purchaseUpdateSchema);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    state.purchaseComments.set(purchase.objectId, parsed.value.comments);
    return c.json({ data: purchaseView(state, purchase), responseTime: venueIsoWithOffset(state.clock()) }, 200);
  });

  return app;
}
