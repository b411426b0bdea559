// A backlog draining: how much of it has gone and about how long the rest will take. Fed the live "waiting to send"
// count (from any tab, through liveQuery) and a clock; no knowledge of who is sending. A backlog starts when scans are
// waiting and ends when none are; scans added meanwhile join it, so the sent count never runs backwards.

/** Below this many waiting, scans go out as they are made: no bar, just the count. */
export const BACKLOG_MIN = 10;
/** The send rate is measured over this much recent time, so the estimate follows the network as it changes. */
export const RATE_WINDOW_MS = 10_000;

export interface BacklogState {
  /** Every scan that has been part of this backlog: those waiting at the start plus those added since. */
  total: number;
  remaining: number;
  /** Recent (time, sent so far) points; the oldest one still inside the window anchors the rate. */
  samples: ReadonlyArray<{ at: number; sent: number }>;
}

export function trackBacklog(previous: BacklogState | null, waiting: number, nowMs: number): BacklogState | null {
  if (waiting <= 0) return null;
  if (!previous) return { total: waiting, remaining: waiting, samples: [{ at: nowMs, sent: 0 }] };
  const total = previous.total + Math.max(0, waiting - previous.remaining);
  const sent = total - waiting;
  const recent = previous.samples.filter((sample) => sample.at >= nowMs - RATE_WINDOW_MS);
  // Keep the newest point older than the window too, so a slow drain still has a span to measure over.
  const anchor = previous.samples.filter((sample) => sample.at < nowMs - RATE_WINDOW_MS).at(-1);
  return { total, remaining: waiting, samples: [...(anchor ? [anchor] : []), ...recent, { at: nowMs, sent }] };
}

export interface BacklogView {
  sent: number;
  total: number;
  /** 0..1 */
  fraction: number;
  /** Rounded up; null until something has been sent to measure a rate by. */
  secondsLeft: number | null;
}

/** What to draw, or null when there is no backlog worth a bar. */
export function describeBacklog(state: BacklogState | null): BacklogView | null {
  if (!state || state.total < BACKLOG_MIN) return null;
  const sent = state.total - state.remaining;
  const first = state.samples[0];
  const last = state.samples.at(-1);
  let secondsLeft: number | null = null;
  if (first && last && last.sent > first.sent && last.at > first.at) {
    const perSecond = ((last.sent - first.sent) * 1000) / (last.at - first.at);
    secondsLeft = Math.ceil(state.remaining / perSecond);
  }
  return { sent, total: state.total, fraction: sent / state.total, secondsLeft };
}

/** "1,200 of 10,000 sent · about 4 s left" */
export function backlogText(view: BacklogView): string {
  const left = view.secondsLeft === null ? '' : view.secondsLeft < 90 ? ` · about ${view.secondsLeft} s left` : ` · about ${Math.round(view.secondsLeft / 60)} min left`;
  return `${view.sent.toLocaleString('en-GB')} of ${view.total.toLocaleString('en-GB')} sent${left}`;
}
