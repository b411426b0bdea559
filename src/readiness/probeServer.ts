// A fetch that remembers the last reply's status and Date header, so a check can reuse the typed clients and still see both.
import type { FetchLike } from '../api/httpRequest.ts';

export interface ObservedReply {
  status: number;
  /** The server's `Date` header; null when absent or hidden cross-origin (not listed in Access-Control-Expose-Headers). */
  date: string | null;
  /** Device clock (epoch ms) when the request left and when its headers arrived. */
  sentAt: number;
  receivedAt: number;
}

export interface ObservingFetch {
  fetch: FetchLike;
  /** The last reply that arrived; null when none did (no connection, timeout). */
  last(): ObservedReply | null;
}

export function observingFetch(fetchImpl: FetchLike, now: () => number): ObservingFetch {
  let last: ObservedReply | null = null;
  return {
    fetch: async (input, init) => {
      const sentAt = now();
      const response = await fetchImpl(input, init);
      last = { status: response.status, date: response.headers.get('Date'), sentAt, receivedAt: now() };
      return response;
    },
    last: () => last,
  };
}

export interface ClockOffset {
  /** Server minus device, in ms, measured at the middle of the request. */
  offsetMs: number;
  /** How far off the measure itself may be: half the round trip, plus the header's one-second resolution. */
  uncertaintyMs: number;
}

/** The device clock against the server's, from one reply; null when the reply carries no readable Date. */
export function clockOffsetOf(reply: ObservedReply): ClockOffset | null {
  if (!reply.date) return null;
  const serverMs = Date.parse(reply.date);
  if (Number.isNaN(serverMs)) return null;
  const middle = (reply.sentAt + reply.receivedAt) / 2;
  // The header is truncated to the second: the server's true time is up to 1 s after what it says.
  return { offsetMs: serverMs + 500 - middle, uncertaintyMs: (reply.receivedAt - reply.sentAt) / 2 + 500 };
}
