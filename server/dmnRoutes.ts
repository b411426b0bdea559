// HTTP route of the emulated DesignMyNight Event Guests API (mounted under /dmn): auth, hourly rate limit, envelope.
import { Hono, type Context } from 'hono';
import { DEMO_DMN_APP_ID, DEMO_DMN_KEY, DEMO_EVENT_ID } from './demoData.ts';
import type { EmulatorState } from './emulatorState.ts';
import { guestsForOccurrence } from './dmnGuestsView.ts';
import type { ServerEnv } from './serverEnv.ts';
import { occurrencesBetween } from './tonicViews.ts';
import { isCalendarDate, venueIsoWithOffset } from './venueTime.ts';

export const DMN_GUESTS_PATH = '/v4/events/:event/guests';

const HOUR_MS = 3_600_000;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
};

type DmnStatus = 200 | 400 | 401 | 404 | 405 | 429;

/** The app id a request speaks for: the part of `Authorization` before the colon, or one shared bucket without one. */
function offeredAppId(authorization: string | undefined): string {
  const colon = authorization?.indexOf(':') ?? -1;
  return authorization !== undefined && colon > 0 ? authorization.slice(0, colon).trim() : '(no app id)';
}

/**
 * Counts the request against its app id's fixed clock hour and returns the rate-limit headers. Requests with a wrong
 * key count too, so guessing keys is throttled like anything else; a refused (429) request does not use up more.
 */
function takeRateLimit(state: EmulatorState, appId: string): { allowed: boolean; headers: Record<string, string> } {
  const nowMs = state.clock().getTime();
  const hourStartMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const current = state.dmnRateWindows.get(appId);
  const window = current && current.hourStartMs === hourStartMs ? current : { hourStartMs, used: 0 };
  const allowed = window.used < state.dmnRateLimitPerHour;
  if (allowed) window.used += 1;
  state.dmnRateWindows.set(appId, window);
  return {
    allowed,
    headers: {
      'X-RateLimit-Limit': String(state.dmnRateLimitPerHour),
      'X-RateLimit-Remaining': String(Math.max(0, state.dmnRateLimitPerHour - window.used)),
      'X-RateLimit-Reset': new Date(hourStartMs + HOUR_MS).toISOString(),
    },
  };
}

export function dmnRoutes(state: EmulatorState): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();

  app.all(DMN_GUESTS_PATH, (c) => {
    const requestTime = venueIsoWithOffset(state.clock());
    const occurrence = c.req.query('occurrence');
    const envelope = (status: DmnStatus, payload: object, headers: Record<string, string>, error?: string) =>
      c.json(
        {
          payload,
          status,
          requestTime,
          responseTime: venueIsoWithOffset(state.clock()),
          statusText: STATUS_TEXT[status],
          url: c.req.url,
          method: c.req.method,
          params: { event_id: c.req.param('event'), ...(occurrence === undefined ? {} : { occurrence }) },
          ...(error === undefined ? {} : { error }),
        },
        status,
        headers,
      );
    return answer(state, c, occurrence, envelope);
  });

  return app;
}

type Envelope = (status: DmnStatus, payload: object, headers: Record<string, string>, error?: string) => Response;

function answer(state: EmulatorState, c: Context<ServerEnv>, occurrence: string | undefined, envelope: Envelope): Response {
  const authorization = c.req.header('authorization');
  const rate = takeRateLimit(state, offeredAppId(authorization));
  const fail = (status: DmnStatus, error: string): Response => envelope(status, {}, rate.headers, error);
  if (!rate.allowed) return fail(429, `Rate limit of ${state.dmnRateLimitPerHour} requests an hour reached; try again after ${rate.headers['X-RateLimit-Reset']}`);
  if (c.req.method !== 'GET') return fail(405, `${c.req.method} is not allowed here; use GET`);
  // The message never repeats what was sent: it may be a real key typed into the wrong field.
  if (authorization === undefined || authorization.trim() === '') return fail(401, 'Missing Authorization header (send <app id>:<key>)');
  if (authorization.trim() !== `${DEMO_DMN_APP_ID}:${DEMO_DMN_KEY}`) return fail(401, 'App id or key is wrong');
  if (c.req.param('event') !== DEMO_EVENT_ID) return fail(404, 'Event not found');
  if (occurrence === undefined || occurrence === '') return fail(400, 'occurrence is required (YYYY-MM-DD)');
  if (!isCalendarDate(occurrence)) return fail(400, 'occurrence must be a date as YYYY-MM-DD');
  // A date the event does not run is an error, not an empty list: a door that loaded an empty list would refuse everyone.
  if (occurrencesBetween(state, occurrence, occurrence).length === 0) return fail(404, `The event has no occurrence on ${occurrence}`);
  return envelope(200, { guests: guestsForOccurrence(state, occurrence) }, rate.headers);
}
