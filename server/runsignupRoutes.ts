// HTTP route of the emulated RunSignup "Get Ticket Window Checked In Counts" (mounted under /runsignup).
import { Hono } from 'hono';
import {
  DEMO_CHECKIN_API_KEY,
  DEMO_CHECKIN_API_SECRET,
  DEMO_RSU_API_KEY,
  DEMO_RSU_API_SECRET,
  DEMO_RSU_TICKET_EVENT_ID,
} from './demoData.ts';
import type { EmulatorState } from './emulatorState.ts';
import type { ServerEnv } from './serverEnv.ts';

export const WINDOW_COUNTS_PATH = '/v2/tickets/checkin/get-ticket-window-checked-in-counts.json';

/** Query names under which a secret would end up in URLs, logs and caches; refused outright. */
const SECRET_QUERY_NAMES = new Set(['x-rsu-api-secret', 'x-checkin-api-secret', 'rsu_api_secret', 'checkin_api_secret', 'api_secret']);

const UINT = /^\d+$/;

interface CredentialPair {
  keyParam: string;
  secretHeader: string;
  key: string;
  secret: string;
}

const CREDENTIAL_PAIRS: readonly CredentialPair[] = [
  { keyParam: 'rsu_api_key', secretHeader: 'x-rsu-api-secret', key: DEMO_RSU_API_KEY, secret: DEMO_RSU_API_SECRET },
  { keyParam: 'checkin_api_key', secretHeader: 'x-checkin-api-secret', key: DEMO_CHECKIN_API_KEY, secret: DEMO_CHECKIN_API_SECRET },
];

type Check<T> = { ok: true; value: T } | { ok: false; status: 400 | 401 | 404; error: string };

function checkCredentials(query: URLSearchParams, header: (name: string) => string | undefined): Check<null> {
  const offered = CREDENTIAL_PAIRS.filter((pair) => query.has(pair.keyParam));
  if (offered.length === 0) {
    return { ok: false, status: 401, error: 'Missing API key: send rsu_api_key with the X-RSU-API-SECRET header, or checkin_api_key with the X-CHECKIN-API-SECRET header' };
  }
  const accepted = offered.some((pair) => query.get(pair.keyParam) === pair.key && header(pair.secretHeader) === pair.secret);
  // The message never repeats what was sent: it may be a real secret typed into the wrong field.
  return accepted ? { ok: true, value: null } : { ok: false, status: 401, error: 'API key or API secret is wrong' };
}

function readTicketEventId(raw: string | null): Check<number> {
  if (raw === null || raw.trim() === '') return { ok: false, status: 400, error: 'ticket_event_id is required' };
  if (!UINT.test(raw.trim())) return { ok: false, status: 400, error: 'ticket_event_id must be a whole number' };
  const id = Number(raw.trim());
  if (id !== DEMO_RSU_TICKET_EVENT_ID) return { ok: false, status: 404, error: `Ticket event ${id} not found` };
  return { ok: true, value: id };
}

function readTicketIds(raw: string | null): Check<number[]> {
  if (raw === null || raw.trim() === '') return { ok: false, status: 400, error: 'ticket_ids is required (comma-separated ticket ids)' };
  const parts = raw.split(',').map((part) => part.trim());
  const bad = parts.find((part) => !UINT.test(part) || !Number.isSafeInteger(Number(part)));
  if (bad !== undefined) {
    return { ok: false, status: 400, error: `ticket_ids must be comma-separated whole numbers; "${bad.slice(0, 40)}" is not one` };
  }
  return { ok: true, value: parts.map(Number) };
}

export function runsignupRoutes(state: EmulatorState): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();

  app.get(WINDOW_COUNTS_PATH, (c) => {
    const query = new URL(c.req.url).searchParams;
    if ([...query.keys()].some((name) => SECRET_QUERY_NAMES.has(name.toLowerCase()))) {
      return c.json({ error: 'Send the API secret in the X-RSU-API-SECRET / X-CHECKIN-API-SECRET header, never in the URL' }, 400);
    }
    const credentials = checkCredentials(query, (name) => c.req.header(name));
    if (!credentials.ok) return c.json({ error: credentials.error }, credentials.status);
    const eventId = readTicketEventId(query.get('ticket_event_id'));
    if (!eventId.ok) return c.json({ error: eventId.error }, eventId.status);
    const ticketIds = readTicketIds(query.get('ticket_ids'));
    if (!ticketIds.ok) return c.json({ error: ticketIds.error }, ticketIds.status);

    return c.json(
      {
        window_checked_in_counts: ticketIds.value.map((ticketId) => ({
          ticket_id: ticketId,
          // Only event tickets are ever counted, so an id outside the event naturally reads 0.
          window_checked_in_count: state.windowCounts.get(ticketId) ?? 0,
        })),
      },
      200,
    );
  });

  return app;
}
