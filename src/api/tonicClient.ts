// Typed client for the Tonic CheckIn API: the same code talks to Tonic, a proxy or the demo emulator.
import { apiError, type ApiResult } from './apiError.ts';
import { requestJson, type FetchLike } from './httpRequest.ts';
import { tonicCheckInReplySchema, type TonicCheckInEntry, type TonicTicketItem } from './tonicSchemas.ts';

export interface TonicClientConfig {
  baseUrl: string;
  token: string;
}

export interface TonicClient {
  /** One entry per item, in order (async: false), or null when the server queued the batch (async: true). */
  checkIn(items: TonicTicketItem[], options: { async: boolean }): Promise<ApiResult<TonicCheckInEntry[] | null>>;
}

export function resolveBaseUrl(baseUrl: string, appOrigin: string): string {
  return new URL(baseUrl, appOrigin).href.replace(/\/$/, '');
}

export function createTonicClient(config: TonicClientConfig, fetchImpl: FetchLike): TonicClient {
  const headers = { authorization: `Bearer ${config.token}` };
  return {
    async checkIn(items, options) {
      const reply = await requestJson(
        fetchImpl,
        { url: `${config.baseUrl}/checkin/tickets`, method: 'POST', headers, body: { tickets: items, async: options.async } },
        tonicCheckInReplySchema,
      );
      if (!reply.ok) return reply;
      if (options.async) return { ok: true, value: null };
      const entries = reply.value.check_ins.flat();
      // Tonic's entries carry the ticket's own _id, not the ticket_id we sent, so they pair with the request by position.
      if (entries.length !== items.length) {
        return { ok: false, error: apiError('malformed', `The server answered for ${entries.length} of ${items.length} tickets`) };
      }
      return { ok: true, value: entries };
    },
  };
}
