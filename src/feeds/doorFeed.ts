// The gateway's door feed: every check-in and check-out any door sent through the gateway, pushed as Server-Sent Events,
// applied to this device's ticket knowledge so a ticket let in at another door is "already in" here too.
import type { DoorlistDatabase } from '../db/database.ts';
import type { TicketRow } from '../db/tables.ts';
import type { DoorFeedEvent } from '../contracts/doorFeedEvent.ts';
import { readSseField } from '../contracts/sseField.ts';
import { readSyncStatus, writeSyncStatus } from '../sync/syncStatus.ts';

const VENUE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** A check-in the door should treat as in: Tonic took it, or queued it (async), or said it was already in. */
const TAKEN_RESULTS = new Set(['success', 'queued', 'already_checked_in', 'already checked in']);
/** A check-out that happened: Tonic took it, or queued it. */
const MOVED_OUT_RESULTS = new Set(['success', 'queued']);

/** One event from the feed's JSON, or null for anything else (checked field by field: it becomes ticket knowledge). */
export function parseFeedEvent(data: string): DoorFeedEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const event = value as Record<string, unknown>;
  const { seq, ticketId, direction, door, time, result } = event;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  if (typeof ticketId !== 'string' || ticketId.length === 0 || ticketId.length > 200) return null;
  if (direction !== 'in' && direction !== 'out') return null;
  if (typeof door !== 'string' || door.length > 60 || typeof time !== 'string' || !VENUE_TIME.test(time) || typeof result !== 'string') return null;
  return { seq, ticketId, direction, door, time, result: result.slice(0, 60) };
}

/** Server-Sent Events, fed text as it arrives in chunks; returns the complete events (name, id, data) so far. */
export function createSseParser(): (chunk: string) => Array<{ event: string; id: string | null; data: string }> {
  let buffer = '';
  let event = 'message';
  let id: string | null = null;
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const out: Array<{ event: string; id: string | null; data: string }> = [];
    let newline: number;
    while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) out.push({ event, id, data: data.join('\n') });
        event = 'message';
        id = null;
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue; // a comment: the heartbeat
      const { field, value } = readSseField(line);
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    return out;
  };
}

/**
 * Applies feed events in order and moves the cursor, in one transaction. A ticket's newer knowledge on this device (its
 * own later scan) is never overwritten by an older event from another door.
 */
export async function applyFeedEvents(db: DoorlistDatabase, events: readonly DoorFeedEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await db.transaction('rw', db.tickets, db.scans, db.syncStatus, async () => {
    const status = await readSyncStatus(db);
    let cursor = status.feedCursor ?? 0;
    for (const event of events) {
      if (event.seq <= cursor) continue; // replayed after a reconnect
      cursor = event.seq;
      // A refused movement changed nothing: a refused check-out must not let a guest in twice.
      if (!(event.direction === 'in' ? TAKEN_RESULTS : MOVED_OUT_RESULTS).has(event.result)) continue;
      const ticket = await db.tickets.get(event.ticketId);
      if (!ticket && event.direction === 'out') continue; // nothing known here to clear
      const ownLast = ticket?.lastScanId ? await db.scans.get(ticket.lastScanId) : undefined;
      if (ownLast && ownLast.venueTime > event.time) continue; // this device saw the ticket later
      const base: TicketRow = ticket ?? { ticketId: event.ticketId, status: 'valid', reference: null, guestName: null, checkedInAt: null, checkedInDoor: null, updatedAt: '' };
      if (event.direction === 'in' && base.checkedInAt !== null && base.checkedInAt <= event.time) continue; // already in since then
      await db.tickets.put({
        ...base,
        checkedInAt: event.direction === 'in' ? event.time : null,
        checkedInDoor: event.direction === 'in' ? event.door : null,
        updatedAt: now.toISOString(),
      });
    }
    await writeSyncStatus(db, { feedCursor: cursor });
  });
}

export interface DoorFeedDeps {
  db: DoorlistDatabase;
  fetchImpl: (input: string, init: RequestInit) => Promise<Response>;
  now: () => Date;
  setTimer: (callback: () => void, delayMs: number) => unknown;
  clearTimer: (handle: unknown) => void;
  log: (message: string, context?: unknown) => void;
  /**
   * The feed is open again after it had failed (no connection, an error reply, a dropped stream): the gateway is reachable
   * again, so scans backed off meanwhile can go at once. Not called for the first connection, nor after a stream the
   * gateway ended cleanly.
   */
  onReconnected?: () => void;
}

export const FEED_RETRY_MIN_MS = 1_000;
export const FEED_RETRY_MAX_MS = 30_000;

/**
 * Keeps one feed connection open for this setup, resuming from the cursor after every drop, with a growing pause between
 * attempts. A refused token (401/403) stops it: the sync runner handles the refusal (pause, or revoked: wipe).
 * Returns stop().
 */
export function startDoorFeed(deps: DoorFeedDeps, url: string, token: string): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let timer: unknown = null;
  let retryMs = FEED_RETRY_MIN_MS;
  let failed = false;

  const connect = async () => {
    if (stopped) return;
    controller = new AbortController();
    try {
      const cursor = (await readSyncStatus(deps.db)).feedCursor ?? 0;
      const response = await deps.fetchImpl(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'last-event-id': String(cursor) },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (response.status === 401 || response.status === 403) {
        deps.log(`door feed: refused (${response.status}); waiting for a new setup`);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`door feed: HTTP ${response.status}`);
      retryMs = FEED_RETRY_MIN_MS;
      if (failed) {
        failed = false;
        deps.onReconnected?.();
      }
      const parse = createSseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const events = parse(value)
          .filter((message) => message.event === 'checkin')
          .map((message) => parseFeedEvent(message.data))
          .filter((event): event is DoorFeedEvent => event !== null);
        await applyFeedEvents(deps.db, events, deps.now());
      }
    } catch (error) {
      if (stopped) return;
      failed = true;
      deps.log('door feed: connection lost', error);
      controller.abort(); // a failed write here must not leave the stream open behind the retry
    }
    if (stopped) return;
    timer = deps.setTimer(() => void connect(), retryMs);
    retryMs = Math.min(FEED_RETRY_MAX_MS, retryMs * 2);
  };
  void connect();
  return () => {
    stopped = true;
    controller?.abort();
    if (timer !== null) deps.clearTimer(timer);
  };
}
