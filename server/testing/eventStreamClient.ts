// A small SSE reader over fetch (header auth, no EventSource), for the tests and the load test: events, comments, end.
import { readSseField } from '../../src/contracts/sseField.ts';

export interface StreamMessage {
  /** `checkin`, `caught-up`, `revoked`, or `comment` for a `: …` line block (heartbeats). */
  event: string;
  id: string | null;
  data: string;
}

export interface EventStreamClient {
  status: number;
  messages: StreamMessage[];
  /** Resolves once a message matching `predicate` has arrived (or already had); rejects after `timeoutMs` or at stream end. */
  waitFor(predicate: (message: StreamMessage) => boolean, timeoutMs?: number): Promise<StreamMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
  /** Counts `checkin` events; with `keepCheckins: false` they are only counted (and cannot be waited for). */
  checkinCount(): number;
}

export function parseMessageBlock(block: string): StreamMessage | null {
  let event = 'message';
  let id: string | null = null;
  const data: string[] = [];
  let comment = true;
  for (const line of block.split('\n')) {
    if (line === '') continue;
    if (line.startsWith(':')) continue;
    comment = false;
    const { field, value } = readSseField(line);
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (comment) return block.trim() === '' ? null : { event: 'comment', id: null, data: block.trim() };
  if (event === 'message' && data.length === 0 && id === null) return null; // e.g. a lone `retry:` field
  return { event, id, data: data.join('\n') };
}

export async function openEventStream(url: string, headers: Record<string, string>, options: { keepCheckins?: boolean } = {}): Promise<EventStreamClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const messages: StreamMessage[] = [];
  const waiters = new Set<{ predicate: (message: StreamMessage) => boolean; resolve: (message: StreamMessage) => void; reject: (error: Error) => void }>();
  let checkins = 0;
  let finished = false;
  const keepCheckins = options.keepCheckins ?? true;

  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let start = 0;
        let boundary = buffer.indexOf('\n\n');
        while (boundary !== -1) {
          const block = buffer.slice(start, boundary);
          start = boundary + 2;
          boundary = buffer.indexOf('\n\n', start);
          // Counting only: a check-in is recognised without parsing it (a load test reads tens of thousands a second).
          if (!keepCheckins && block.includes('\nevent: checkin\n')) {
            checkins += 1;
            continue;
          }
          const message = parseMessageBlock(block);
          if (!message) continue;
          if (message.event === 'checkin') checkins += 1;
          if (message.event !== 'checkin' || keepCheckins) messages.push(message);
          for (const waiter of [...waiters]) {
            if (waiter.predicate(message)) {
              waiters.delete(waiter);
              waiter.resolve(message);
            }
          }
        }
        buffer = buffer.slice(start);
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      finished = true;
      for (const waiter of waiters) waiter.reject(new Error('the event stream ended'));
      waiters.clear();
    }
  })();

  return {
    status: response.status,
    messages,
    ended,
    close: () => controller.abort(),
    checkinCount: () => checkins,
    waitFor(predicate, timeoutMs = 3_000) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      if (finished) return Promise.reject(new Error('the event stream already ended'));
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (message: StreamMessage) => {
            clearTimeout(timer);
            resolve(message);
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
