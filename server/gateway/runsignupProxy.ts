// /api/runsignup/*: window counts, the device's placeholder key and token swapped for the gateway's real key and secret.
import { Hono } from 'hono';
import { WINDOW_COUNTS_PATH } from '../runsignupRoutes.ts';
import { jsonReply, type GatewayDeps, type GatewayEnv } from './gatewayContext.ts';
import { callUpstream } from './upstream.ts';

/** The app asks for 100 at a time; more than this in one URL is not the app. */
export const MAX_TICKET_IDS = 500;

/** Query names under which a secret would sit in a URL (and so in logs): refused, never forwarded. */
const SECRET_QUERY_NAMES = new Set(['x-rsu-api-secret', 'x-checkin-api-secret', 'rsu_api_secret', 'checkin_api_secret', 'api_secret', 'token', 'access_token']);
const UINT = /^\d{1,15}$/;

export function runsignupProxy(deps: GatewayDeps): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();

  app.get(WINDOW_COUNTS_PATH, async (c) => {
    const runsignup = deps.config.runsignup;
    if (!runsignup) return jsonReply({ error: 'RunSignup is not configured on this gateway', code: 'runsignup_not_configured' }, 404);
    const query = new URL(c.req.url).searchParams;
    if ([...query.keys()].some((name) => SECRET_QUERY_NAMES.has(name.toLowerCase()))) {
      return jsonReply({ error: 'A secret never goes in the URL: send it in the X-RSU-API-SECRET header', code: 'secret_in_url' }, 400);
    }
    const eventId = query.get('ticket_event_id')?.trim() ?? '';
    if (!UINT.test(eventId)) return jsonReply({ error: 'ticket_event_id must be a whole number', code: 'invalid_query' }, 400);
    if (Number(eventId) !== runsignup.ticketEventId) return jsonReply({ error: 'Ticket event not found on this gateway', code: 'event_not_served' }, 404);
    const ids = (query.get('ticket_ids') ?? '').split(',').map((part) => part.trim());
    if (ids.length === 0 || ids.some((id) => !UINT.test(id))) {
      return jsonReply({ error: 'ticket_ids must be comma-separated whole numbers', code: 'invalid_query' }, 400);
    }
    if (ids.length > MAX_TICKET_IDS) return jsonReply({ error: `ticket_ids may name at most ${MAX_TICKET_IDS} tickets`, code: 'invalid_query' }, 400);

    // Rebuilt from the checked values: the device's rsu_api_key placeholder and anything else it sent stay here.
    const upstreamQuery = new URLSearchParams({ ticket_event_id: eventId, ticket_ids: ids.join(','), rsu_api_key: runsignup.apiKey });
    const reply = await callUpstream(deps.fetchUpstream, {
      upstream: 'RunSignup',
      url: `${runsignup.url}${WINDOW_COUNTS_PATH}?${upstreamQuery}`,
      method: 'GET',
      headers: { 'X-RSU-API-SECRET': runsignup.apiSecret },
      timeoutMs: deps.config.limits.upstreamTimeoutMs,
    });
    if (!reply.ok) {
      deps.log.warn(`runsignup counts for device ${c.get('device').id}: ${reply.detail}`);
      return jsonReply(reply.body, reply.status, reply.retryAfter);
    }
    return jsonReply(reply.json, reply.status, reply.retryAfter);
  });

  return app;
}
