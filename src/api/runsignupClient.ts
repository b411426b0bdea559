// Typed client for RunSignup's Get Ticket Window Checked In Counts (secret in a header, never in the URL).
import { z } from 'zod';
import { apiError, type ApiResult } from './apiError.ts';
import { requestJson, type FetchLike } from './httpRequest.ts';

export const COUNTS_PATH = '/v2/tickets/checkin/get-ticket-window-checked-in-counts.json';
export const MAX_IDS_PER_COUNTS_REQUEST = 100; // keeps the URL under 2,000 characters (1,932 through a gateway with 15-digit ids)

const countsReplySchema = z.looseObject({
  window_checked_in_counts: z.array(
    z.looseObject({ ticket_id: z.union([z.number(), z.string()]), window_checked_in_count: z.number().int().nonnegative() }),
  ),
});

export interface RunSignupClientConfig {
  baseUrl: string;
  ticketEventId: number;
  apiKey: string;
  apiSecret: string;
}

export interface RunSignupClient {
  /** Window checked-in count by numeric ticket id, fetched in chunks. */
  windowCounts(ticketIds: readonly string[]): Promise<ApiResult<Map<string, number>>>;
}

export function createRunSignupClient(config: RunSignupClientConfig, fetchImpl: FetchLike): RunSignupClient {
  return {
    async windowCounts(ticketIds) {
      const counts = new Map<string, number>();
      const ids = [...new Set(ticketIds)].filter((id) => /^\d+$/.test(id));
      for (let start = 0; start < ids.length; start += MAX_IDS_PER_COUNTS_REQUEST) {
        const chunk = ids.slice(start, start + MAX_IDS_PER_COUNTS_REQUEST);
        const query = new URLSearchParams({
          ticket_event_id: String(config.ticketEventId),
          ticket_ids: chunk.join(','),
          rsu_api_key: config.apiKey,
        });
        const reply = await requestJson(
          fetchImpl,
          { url: `${config.baseUrl}${COUNTS_PATH}?${query}`, method: 'GET', headers: { 'X-RSU-API-SECRET': config.apiSecret } },
          countsReplySchema,
        );
        if (!reply.ok) return reply;
        for (const entry of reply.value.window_checked_in_counts) counts.set(String(entry.ticket_id), entry.window_checked_in_count);
        const missing = chunk.filter((id) => !counts.has(id));
        if (missing.length > 0) return { ok: false, error: apiError('malformed', `RunSignup left out ${missing.length} of the tickets asked for`) };
      }
      return { ok: true, value: counts };
    },
  };
}
