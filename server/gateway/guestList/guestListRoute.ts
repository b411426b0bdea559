// GET /api/guestlist?since=<version>&occurrence=<YYYY-MM-DD>: the guest list as NDJSON (src/model/guestListEntry.ts),
// the whole list or only what changed since the device's version, streamed page by page from the store.
import type { Handler } from 'hono';
import type { WireDelete, WireEnd, WireHead } from '../../../src/model/guestListEntry.ts';
import { isCalendarDate } from '../../venueTime.ts';
import { jsonReply, type GatewayDeps, type GatewayEnv } from '../gatewayContext.ts';
import type { GuestListCursor } from '../store.ts';
import { KEEP_PAST_DAYS, MAX_DAYS_AHEAD } from './guestListService.ts';

/** Rows read from the store and written as one chunk: 100,000 tickets go out in 100 chunks, never as one string. */
export const GUEST_LIST_PAGE = 1_000;
/** A version is a whole number of at most this many digits (a creation time in ms has 13). */
const VERSION = /^\d{1,15}$/;

export const NDJSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/x-ndjson; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Accel-Buffering': 'no', // a reverse proxy passes each chunk on instead of holding the whole list
};

/** True when `Accept-Encoding` names gzip without refusing it (`gzip;q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header
    .slice(0, 200)
    .split(',')
    .some((part) => {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      return (name === 'gzip' || name === 'x-gzip') && !params.some((param) => /^\s*q=0(?:\.0*)?\s*$/.test(param));
    });
}

const invalid = (error: string) => jsonReply({ error, code: 'invalid_query' }, 400);

/** True when a device holding `since` must get the whole list rather than a delta. */
export function needsFullList(since: number | null, head: { version: number; floorVersion: number; meta: unknown }): boolean {
  // No version, a version of another database (ahead of this one), or one older than the deletes still kept.
  return since === null || since === 0 || head.meta === null || since > head.version || since < head.floorVersion;
}

export function guestListRoute(deps: GatewayDeps): Handler<GatewayEnv> {
  return async (c) => {
    const device = c.get('device');
    const query = new URL(c.req.url).searchParams;
    const sinceText = query.get('since');
    const occurrence = query.get('occurrence');
    // The gateway's URL limit already bounds both; the checks below read at most a few characters of either.
    if (query.getAll('since').length > 1 || query.getAll('occurrence').length > 1) return invalid('Send since and occurrence at most once each');
    if (sinceText !== null && !VERSION.test(sinceText)) {
      return invalid('since must be the guest list version this device holds (a whole number), or be left out to get the whole list');
    }
    if (occurrence !== null && !isCalendarDate(occurrence)) return invalid('occurrence must be a date as YYYY-MM-DD, e.g. 2026-12-05');
    if (occurrence !== null && !deps.guestList.acceptsOccurrence(occurrence)) {
      return invalid(`occurrence must be a date from ${KEEP_PAST_DAYS} day before today to ${MAX_DAYS_AHEAD} days ahead`);
    }
    await deps.guestList.ensureRunning();
    if (occurrence !== null) await deps.guestList.want(occurrence);

    const head = await deps.guestList.head();
    const since = sinceText === null ? null : Number(sinceText);
    const full = needsFullList(since, head);
    const headLine: WireHead = { t: 'head', version: head.version, full, meta: head.meta, error: head.error };
    if (full && head.meta !== null) {
      deps.log.info(`guest list: device ${device.id} gets the whole list (version ${head.version}, ${head.meta.size} tickets${since === null ? '' : `, it had ${since}`})`);
    }

    const encoder = new TextEncoder();
    let after: GuestListCursor | null = null;
    let puts = 0;
    let dels = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          controller.enqueue(encoder.encode(`${JSON.stringify(headLine)}\n`));
        },
        // Pulled as the device reads: a slow reader holds one page in memory, not the list.
        async pull(controller) {
          try {
            const rows =
              head.meta === null ? [] : await deps.store.guestListChanges({ since: full ? 0 : (since ?? 0), withDeletes: !full, after, limit: GUEST_LIST_PAGE });
            let text = '';
            for (const row of rows) {
              if (row.kind === 'put') {
                text += `${row.line}\n`; // stored as its wire tuple: sent as it is
                puts += 1;
              } else {
                const line: WireDelete = { t: 'del', key: row.key, occurrence: row.occurrence };
                text += `${JSON.stringify(line)}\n`;
                dels += 1;
              }
              after = { version: row.version, occurrence: row.occurrence, key: row.key };
            }
            if (rows.length < GUEST_LIST_PAGE) {
              const end: WireEnd = { t: 'end', version: head.version, puts, dels };
              controller.enqueue(encoder.encode(`${text}${JSON.stringify(end)}\n`));
              controller.close();
              return;
            }
            controller.enqueue(encoder.encode(text));
          } catch (error) {
            // No end line: the device discards what it got and asks again.
            deps.log.error(`guest list for device ${device.id} broke off`, error);
            controller.error(error);
          }
        },
      },
      { highWaterMark: 1 },
    );
    // Gzip when the device accepts it (every browser does): a list of names and references shrinks several times over.
    if (!acceptsGzip(c.req.header('accept-encoding'))) return new Response(body, { status: 200, headers: NDJSON_HEADERS });
    // (Node's and the DOM's typings of CompressionStream disagree on its input type; both take these bytes.)
    const gzip = new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
    return new Response(body.pipeThrough(gzip), {
      status: 200,
      headers: { ...NDJSON_HEADERS, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' },
    });
  };
}
