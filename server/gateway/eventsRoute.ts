// GET /api/events: Server-Sent Events of every recorded check-in; catch-up from a cursor, then live; ends on revocation.
import type { Handler } from 'hono';
import { formatCheckInEvent, type FeedSubscriber } from './checkInFeed.ts';
import { DEVICE_REVOKED, jsonReply, type GatewayDeps, type GatewayEnv } from './gatewayContext.ts';
import type { MovementRow } from './store.ts';

export const HEARTBEAT_MS = 15_000;
export const REVOCATION_CHECK_MS = 5_000;
export const REPLAY_PAGE = 500;
/** A device needs one stream; a few allow a reload or a second tab without letting one token hold many sockets. */
export const MAX_STREAMS_PER_DEVICE = 3;
/** Chunks queued for a reader that does not read: past this it is cut off and catches up from its cursor later. */
export const MAX_QUEUED_CHUNKS = 5_000;

/** How a client asks to resume: the Last-Event-ID header, or `?cursor=` (a sequence number, not a secret). */
export function readCursor(lastEventId: string | undefined, cursorParam: string | undefined): number | null {
  const raw = (lastEventId ?? cursorParam ?? '0').trim();
  if (!/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

const revokedEvent = `event: revoked\ndata: ${JSON.stringify(DEVICE_REVOKED)}\n\n`;

const STREAM_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no', // a reverse proxy must pass each event on at once, not buffer the stream
};

export function eventsRoute(deps: GatewayDeps): Handler<GatewayEnv> {
  return async (c) => {
    // Hono answers HEAD with this GET route and drops the body unread: a stream opened here would never be cancelled,
    // and a few HEADs would shut the device out of its own feed. Only GET opens a stream.
    if (c.req.method !== 'GET') return new Response(null, { status: 200, headers: STREAM_HEADERS });
    const device = c.get('device');
    const requested = readCursor(c.req.header('last-event-id'), c.req.query('cursor'));
    if (requested === null) return jsonReply({ error: 'The cursor must be a whole number (the id of the last event received)', code: 'invalid_cursor' }, 400);
    if (deps.feed.openStreams(device.id) >= MAX_STREAMS_PER_DEVICE) {
      return jsonReply({ error: `At most ${MAX_STREAMS_PER_DEVICE} event streams per device`, code: 'too_many_streams' }, 429, '5');
    }
    // A cursor from before a database reset is past the end: replay everything rather than miss what is new.
    const latest = await deps.store.latestSeq();
    let sent = requested > latest ? 0 : requested;
    const encoder = new TextEncoder();
    let replaying = true;
    let buffered: MovementRow[] = [];
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe: () => void = () => {};
    let streamController: ReadableStreamDefaultController<Uint8Array> | null = null;

    const writeBytes = (bytes: Uint8Array): void => {
      if (finished || !streamController) return;
      if ((streamController.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) {
        finish(null); // a reader this far behind reconnects and catches up from its cursor instead
        return;
      }
      streamController.enqueue(bytes);
    };
    const write = (text: string): void => writeBytes(encoder.encode(text));
    const finish = (finalEvent: string | null): void => {
      if (finished) return;
      if (finalEvent !== null) write(finalEvent);
      finished = true;
      unsubscribe();
      for (const timer of timers) clearInterval(timer);
      try {
        streamController?.close();
      } catch (error) {
        // Already closed by the client going away: nothing is left to end.
        if (!(error instanceof TypeError)) deps.log.error(`events stream of device ${device.id} did not close`, error);
      }
    };

    const subscriber: FeedSubscriber = {
      deviceId: device.id,
      deliver(rows, bytes) {
        if (replaying) {
          buffered.push(...rows);
          return;
        }
        // Rows arrive in seq order; every one at or below the cursor was already sent by the replay.
        if (rows[0] !== undefined && rows[0].seq > sent) {
          sent = rows[rows.length - 1]?.seq ?? sent;
          writeBytes(bytes);
          return;
        }
        const fresh = rows.filter((row) => row.seq > sent);
        if (fresh.length === 0) return;
        sent = fresh[fresh.length - 1]?.seq ?? sent;
        write(fresh.map(formatCheckInEvent).join(''));
      },
      end: finish,
    };

    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        streamController = controller;
      },
      cancel: () => finish(null),
    });

    // Subscribe before the replay, buffering what arrives meanwhile: nothing recorded in between is missed.
    unsubscribe = deps.feed.subscribe(subscriber);
    write(`retry: 3000\n: connected to the Doorlist gateway\n\n`);
    try {
      for (;;) {
        const page = await deps.store.movementsAfter(sent, REPLAY_PAGE);
        if (page.length > 0) {
          write(page.map(formatCheckInEvent).join(''));
          sent = page[page.length - 1]?.seq ?? sent;
        }
        if (page.length < REPLAY_PAGE || finished) break;
      }
    } catch (error) {
      deps.log.error(`events replay for device ${device.id} failed`, error);
      finish(null);
    }
    replaying = false;
    const missed = buffered.filter((row) => row.seq > sent);
    buffered = [];
    if (missed.length > 0) {
      sent = missed[missed.length - 1]?.seq ?? sent;
      write(missed.map(formatCheckInEvent).join(''));
    }
    // Tells the device its catch-up is complete; carries no id, so it does not move the cursor.
    write(`event: caught-up\ndata: ${JSON.stringify({ seq: sent })}\n\n`);

    timers.push(setInterval(() => write(': heartbeat\n\n'), deps.streamTimings.heartbeatMs));
    timers.push(
      setInterval(() => {
        deps.store.getDevice(device.id).then(
          (current) => {
            if (!current || current.revokedAt !== null) finish(revokedEvent);
          },
          (error: unknown) => deps.log.error(`revocation check for device ${device.id} failed`, error),
        );
      }, deps.streamTimings.revocationCheckMs),
    );
    for (const timer of timers) timer.unref();

    return new Response(body, { status: 200, headers: STREAM_HEADERS });
  };
}

export { revokedEvent as REVOKED_EVENT_TEXT };
