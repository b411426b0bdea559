// /api/tonic/*: the Tonic paths and shapes, validated here, forwarded with the gateway's token; check-ins meet the shared memory.
import { Hono } from 'hono';
import { z } from 'zod';
import { parseJsonBody } from '../jsonBody.ts';
import { purchaseUpdateSchema, ticketBatchSchema, type TicketBatchItem } from '../tonicSchemas.ts';
import { isCalendarDate } from '../venueTime.ts';
import { audit, jsonReply, type GatewayContext, type GatewayDeps, type GatewayEnv } from './gatewayContext.ts';
import { mergeInOrder, movementsFor, planCheckIn, purchasesVouchedLocally, replyEntries, withOwnNamesBack, type BatchPlan } from './sharedMemory.ts';
import type { Direction, MovementInput } from './store.ts';
import { callUpstream } from './upstream.ts';

/** Staff notes are short (the app allows 1,000 characters); anything far longer is not a note. */
export const MAX_COMMENTS_CHARS = 5_000;
const PURCHASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The app sends Tonic ids (about 60 characters) and RunSignup numbers; anything far longer is not a ticket. */
export const MAX_TICKET_ID_CHARS = 128;
const TICKET_ID = /^[A-Za-z0-9._:-]+$/;
/** As the setup link allows for `source`. */
export const MAX_SOURCE_CHARS = 60;
const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The shared batch schema, plus what the gateway stores and pushes to every door: a ticket id of at most
 * MAX_TICKET_ID_CHARS letters, digits, `.`, `_`, `:` or `-`, and a source of at most MAX_SOURCE_CHARS with no control
 * character. `device_name` is still read but never used: the gateway writes the enrolled device's name.
 */
const gatewayBatchSchema = ticketBatchSchema.superRefine((batch, context) => {
  batch.tickets.forEach((item, index) => {
    if (item.ticket_id.length > MAX_TICKET_ID_CHARS) {
      context.addIssue({ code: 'custom', path: ['tickets', index, 'ticket_id'], message: `must be at most ${MAX_TICKET_ID_CHARS} characters` });
    } else if (!TICKET_ID.test(item.ticket_id)) {
      context.addIssue({ code: 'custom', path: ['tickets', index, 'ticket_id'], message: 'may hold only letters, digits, ".", "_", ":" and "-"' });
    }
    if (item.source.length > MAX_SOURCE_CHARS) {
      context.addIssue({ code: 'custom', path: ['tickets', index, 'source'], message: `must be at most ${MAX_SOURCE_CHARS} characters` });
    } else if (CONTROL_CHAR.test(item.source)) {
      context.addIssue({ code: 'custom', path: ['tickets', index, 'source'], message: 'must not hold control characters' });
    }
  });
});

export const BOOKING_NOT_SEEN = {
  error:
    'This gateway takes a note only for a booking one of whose tickets was checked in or out through it. The door keeps the note and sends it again once it checks in one of that booking\'s tickets; or ask the box office to add the note.',
  code: 'booking_not_seen',
} as const;

const purchaseBodySchema = purchaseUpdateSchema.extend({
  comments: z.string({ error: 'must be a string' }).max(MAX_COMMENTS_CHARS, `must be at most ${MAX_COMMENTS_CHARS} characters`),
});

function tonicHeaders(deps: GatewayDeps, withBody: boolean): Record<string, string> {
  return { authorization: `Bearer ${deps.config.tonic.token}`, ...(withBody ? { 'content-type': 'application/json' } : {}) };
}

/** Only the four documented fields of each item go on (zod already dropped any other). */
const itemForUpstream = (item: TicketBatchItem): TicketBatchItem => ({ ticket_id: item.ticket_id, device_name: item.device_name, time: item.time, source: item.source });

async function ticketBatch(deps: GatewayDeps, c: GatewayContext, direction: Direction): Promise<Response> {
  const device = c.get('device');
  const path = c.req.path;
  const operation = direction === 'in' ? 'tonic.checkin' : 'tonic.checkout';
  const replyKey = direction === 'in' ? 'check_ins' : 'check_outs';
  const parsed = parseJsonBody(await c.req.text(), gatewayBatchSchema);
  if (!parsed.ok) {
    await audit(deps, { deviceId: device.id, operation, path, itemCount: 0, answeredByGateway: 0, status: 400, upstreamStatus: null, detail: 'invalid body' });
    return jsonReply({ error: parsed.error, code: 'invalid_body' }, 400);
  }
  // The door is the enrolled device, whatever the body says: one door cannot speak for another, to Tonic or the feed.
  const claimedNames = parsed.value.tickets.map((ticket) => ticket.device_name);
  const tickets = parsed.value.tickets.map((ticket) => ({ ...ticket, device_name: device.name }));
  const isAsync = parsed.value.async === true;
  const plan: BatchPlan =
    direction === 'in'
      ? planCheckIn(tickets, await deps.store.presenceOf(tickets.map((item) => item.ticket_id)), deps.config.venueTimeZone, {
          deviceId: device.id,
          claimedNames,
        })
      : { local: tickets.map(() => null), forwarded: tickets.map((item, index) => ({ index, item })) };
  const answeredHere = tickets.length - plan.forwarded.length;
  const vouchedHere = direction === 'in' ? purchasesVouchedLocally(plan, tickets) : [];
  if (vouchedHere.length > 0) await deps.store.rememberPurchases(vouchedHere, deps.clock().toISOString());
  /** Answers the device; the movements (if any) and the audit row are written in one transaction, then pushed live. */
  const done = async (response: Response, upstreamStatus: number | null, detail: string | null, movements: MovementInput[] = []) => {
    const entry = { deviceId: device.id, operation, path, itemCount: tickets.length, answeredByGateway: answeredHere, status: response.status, upstreamStatus, detail };
    if (movements.length > 0) {
      deps.feed.publish(await deps.store.recordMovements(movements, { at: deps.clock().toISOString(), ...entry }));
      await deps.guestList.afterMovements(movements); // mapping evidence: never fails the reply
    } else await audit(deps, entry);
    deps.log.info(`${operation} device ${device.id}: ${tickets.length} item(s), ${answeredHere} answered by the gateway -> ${response.status}${detail ? ` (${detail})` : ''}`);
    return response;
  };

  if (plan.forwarded.length === 0) {
    const body = isAsync ? { [replyKey]: [], queued: 0 } : { [replyKey]: [plan.local] };
    return done(jsonReply(body, 200), null, 'answered by the gateway');
  }

  const reply = await callUpstream(deps.fetchUpstream, {
    upstream: 'Tonic',
    url: `${deps.config.tonic.url}${direction === 'in' ? '/checkin/tickets' : '/checkout/tickets'}`,
    method: 'POST',
    headers: tonicHeaders(deps, true),
    body: JSON.stringify({ tickets: plan.forwarded.map(({ item }) => itemForUpstream(item)), async: isAsync }),
    timeoutMs: deps.config.limits.upstreamTimeoutMs,
  });
  if (!reply.ok) {
    deps.log.warn(`${operation} from device ${device.id}: ${reply.detail}`);
    return done(jsonReply(reply.body, reply.status, reply.retryAfter), null, reply.detail);
  }

  const context = { direction, deviceId: device.id, isAsync, receivedAt: deps.clock().toISOString() };
  const movements = (entries: readonly (Record<string, unknown> | null)[], fallbackResult?: string) =>
    movementsFor(plan.forwarded, entries, { ...context, ...(fallbackResult ? { fallbackResult } : {}) });
  const nothingPerItem = plan.forwarded.map(() => null);

  if (reply.status === 404) {
    // Tonic answers a batch of only unknown tickets with 404. With some answered here the whole batch was mixed,
    // which Tonic answers per ticket: give the forwarded ones its "not found" entry instead.
    const notFoundRows = movements(nothingPerItem, 'not_found');
    if (answeredHere === 0) return done(jsonReply(reply.json, 404), 404, null, notFoundRows);
    const notFound = plan.forwarded.map(() => ({ _id: null, result: 'not_found', message: 'Ticket not found' }));
    return done(jsonReply({ [replyKey]: [mergeInOrder(plan, notFound)] }, 200), 404, 'unknown tickets merged', notFoundRows);
  }
  if (reply.status < 200 || reply.status > 299) return done(jsonReply(reply.json, reply.status, reply.retryAfter), reply.status, null);

  if (isAsync) return done(jsonReply(reply.json, reply.status), reply.status, null, movements(nothingPerItem, 'queued'));
  const entries = replyEntries(reply.json, replyKey);
  if (entries === null || entries.length !== plan.forwarded.length) {
    // Nothing can be paired with a ticket, so nothing is recorded; the app treats the reply as unreadable and retries.
    deps.log.warn(`${operation} from device ${device.id}: Tonic's reply could not be paired with the ${plan.forwarded.length} tickets sent`);
    if (answeredHere === 0) return done(jsonReply(reply.json, reply.status), reply.status, 'unpaired reply passed on');
    return done(jsonReply({ error: 'Tonic answered for a different number of tickets than were sent; the scans are sent again', code: 'upstream_malformed' }, 502), reply.status, 'unpaired reply');
  }
  // A renamed device's own resend answered by Tonic (its first reply was lost): that device gets its own name back.
  const own = direction === 'in' ? withOwnNamesBack(plan.forwarded, entries, device.name, claimedNames) : { entries, changed: false };
  const body =
    answeredHere === 0 && !own.changed ? reply.json : { ...(reply.json as Record<string, unknown>), [replyKey]: [mergeInOrder(plan, own.entries)] };
  return done(jsonReply(body, reply.status), reply.status, null, movements(entries));
}

export function tonicProxy(deps: GatewayDeps): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();

  app.post('/checkin/tickets', (c) => ticketBatch(deps, c, 'in'));
  app.post('/checkout/tickets', (c) => ticketBatch(deps, c, 'out'));

  app.get('/events/:event/occurrences', async (c) => {
    // One gateway serves one event: a device has no business reading another's sales.
    if (c.req.param('event') !== deps.config.tonic.eventId) return jsonReply({ error: 'Event not found on this gateway', code: 'event_not_served' }, 404);
    const from = c.req.query('item_date_from') ?? '';
    const to = c.req.query('item_date_to') ?? '';
    if (!isCalendarDate(from) || !isCalendarDate(to)) {
      return jsonReply({ error: 'item_date_from and item_date_to must be dates as YYYY-MM-DD', code: 'invalid_query' }, 400);
    }
    const query = new URLSearchParams({ item_date_from: from, item_date_to: to });
    const reply = await callUpstream(deps.fetchUpstream, {
      upstream: 'Tonic',
      url: `${deps.config.tonic.url}/events/${encodeURIComponent(deps.config.tonic.eventId)}/occurrences?${query}`,
      method: 'GET',
      headers: tonicHeaders(deps, false),
      timeoutMs: deps.config.limits.upstreamTimeoutMs,
    });
    if (!reply.ok) deps.log.warn(`occurrences for device ${c.get('device').id}: ${reply.detail}`);
    return reply.ok ? jsonReply(reply.json, reply.status, reply.retryAfter) : jsonReply(reply.body, reply.status, reply.retryAfter);
  });

  app.patch('/purchases/:purchase_id', async (c) => {
    const device = c.get('device');
    const path = c.req.path;
    const base = { deviceId: device.id, operation: 'tonic.purchase_update', path, itemCount: 1, answeredByGateway: 0 };
    const purchaseId = c.req.param('purchase_id');
    const parsed = parseJsonBody(await c.req.text(), purchaseBodySchema);
    if (!PURCHASE_ID.test(purchaseId) || !parsed.ok) {
      await audit(deps, { ...base, status: 400, upstreamStatus: null, detail: 'invalid body' });
      return jsonReply({ error: parsed.ok ? 'the purchase id must be letters, digits, - or _' : parsed.error, code: 'invalid_body' }, 400);
    }
    // A device may write only to bookings of tickets the gateway has seen answered, not to any booking in the account.
    // 404 (not 403): the app keeps a 403 for its credentials; it keeps a note refused with this code waiting (bookingNotes.ts).
    const knownId = purchaseId.toLowerCase(); // Tonic's ids are lower-case hex, as the gateway keeps them
    if (!(await deps.store.isKnownPurchase(knownId))) {
      await audit(deps, { ...base, status: 404, upstreamStatus: null, detail: 'booking not seen by the gateway' });
      return jsonReply(BOOKING_NOT_SEEN, 404);
    }
    const reply = await callUpstream(deps.fetchUpstream, {
      upstream: 'Tonic',
      url: `${deps.config.tonic.url}/purchases/${encodeURIComponent(knownId)}`,
      method: 'PATCH',
      headers: tonicHeaders(deps, true),
      body: JSON.stringify({ comments: parsed.value.comments }),
      timeoutMs: deps.config.limits.upstreamTimeoutMs,
    });
    const response = reply.ok ? jsonReply(reply.json, reply.status, reply.retryAfter) : jsonReply(reply.body, reply.status, reply.retryAfter);
    if (reply.ok && reply.status >= 200 && reply.status < 300) await deps.guestList.learnMinimumAge(reply.json);
    await audit(deps, { ...base, status: response.status, upstreamStatus: reply.ok ? reply.status : null, detail: reply.ok ? null : reply.detail });
    return response;
  });

  return app;
}
