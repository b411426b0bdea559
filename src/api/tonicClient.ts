// Typed client for the Tonic CheckIn API: the same code talks to Tonic, a proxy or the demo emulator.
import type { z } from 'zod';
import type { ApiResult } from './apiError.ts';
import { requestJson, type FetchLike } from './httpRequest.ts';
import {
  tonicCheckInReplySchema,
  tonicCheckOutReplySchema,
  tonicOccurrencesReplySchema,
  queuedReplySchema,
  purchaseReplySchema,
  type TonicCheckInEntry,
  type TonicCheckOutEntry,
  type TonicOccurrence,
  type TonicTicketItem,
} from './tonicSchemas.ts';

export interface TonicClientConfig {
  baseUrl: string;
  token: string;
}

export interface TonicClient {
  /**
   * Live check-in (`async: false`): the entries of the reply, flattened. Tonic pairs them with the request by position
   * (each carries the ticket's own `_id`, not the `ticket_id` we sent); the caller checks the count.
   * (`async: true` backlog sends, which get no per-ticket answer, come with the async policy.)
   */
  checkIn(items: TonicTicketItem[]): Promise<ApiResult<TonicCheckInEntry[]>>;
  /** Check Out, the same shape of request; entries pair with the request by position too. */
  checkOut(items: TonicTicketItem[]): Promise<ApiResult<TonicCheckOutEntry[]>>;
  /**
   * Backlog send with `async: true`: Tonic queues the batch and answers for none of its tickets ("you will not receive a
   * confirmation"). Resolves once the server has taken the batch.
   */
  queue(direction: 'in' | 'out', items: TonicTicketItem[]): Promise<ApiResult<null>>;
  /** Update Purchase: a staff note on the booking (`comments`). */
  updatePurchase(purchaseId: string, comments: string): Promise<ApiResult<null>>;
  /** Occurrences of an event between two venue dates (YYYY-MM-DD, both included). */
  occurrences(eventId: string, fromDate: string, toDate: string): Promise<ApiResult<TonicOccurrence[]>>;
}

export function resolveBaseUrl(baseUrl: string, appOrigin: string): string {
  return new URL(baseUrl, appOrigin).href.replace(/\/$/, '');
}

export function createTonicClient(config: TonicClientConfig, fetchImpl: FetchLike): TonicClient {
  const headers = { authorization: `Bearer ${config.token}` };
  /** Check In and Check Out take the same `tickets` body; live sends want per-ticket results, so `async: false`. */
  const postTickets = <S extends z.ZodType>(path: string, items: TonicTicketItem[], schema: S, isAsync = false) =>
    requestJson(fetchImpl, { url: `${config.baseUrl}${path}`, method: 'POST', headers, body: { tickets: items, async: isAsync } }, schema);
  return {
    async checkIn(items) {
      const reply = await postTickets('/checkin/tickets', items, tonicCheckInReplySchema);
      return reply.ok ? { ok: true, value: reply.value.check_ins.flat() } : reply;
    },
    async checkOut(items) {
      const reply = await postTickets('/checkout/tickets', items, tonicCheckOutReplySchema);
      return reply.ok ? { ok: true, value: reply.value.check_outs.flat() } : reply;
    },
    async queue(direction, items) {
      // Any JSON object is the server taking the batch; an HTML page (captive portal) is not.
      const reply = await postTickets(direction === 'out' ? '/checkout/tickets' : '/checkin/tickets', items, queuedReplySchema, true);
      return reply.ok ? { ok: true, value: null } : reply;
    },
    async updatePurchase(purchaseId, comments) {
      const reply = await requestJson(
        fetchImpl,
        { url: `${config.baseUrl}/purchases/${encodeURIComponent(purchaseId)}`, method: 'PATCH', headers, body: { comments } },
        purchaseReplySchema,
      );
      return reply.ok ? { ok: true, value: null } : reply;
    },
    async occurrences(eventId, fromDate, toDate) {
      const query = new URLSearchParams({ item_date_from: fromDate, item_date_to: toDate });
      const reply = await requestJson(
        fetchImpl,
        { url: `${config.baseUrl}/events/${encodeURIComponent(eventId)}/occurrences?${query}`, method: 'GET', headers },
        tonicOccurrencesReplySchema,
      );
      return reply.ok ? { ok: true, value: reply.value.data } : reply;
    },
  };
}
