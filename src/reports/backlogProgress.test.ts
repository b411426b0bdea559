import { describe, expect, it } from 'vitest';
import { BACKLOG_MIN, backlogText, describeBacklog, RATE_WINDOW_MS, trackBacklog, type BacklogState } from './backlogProgress.ts';

/** Feeds (time, waiting) readings in order, as liveQuery would. */
const feed = (readings: Array<[number, number]>): BacklogState | null =>
  readings.reduce<BacklogState | null>((state, [at, waiting]) => trackBacklog(state, waiting, at), null);

describe('backlog progress', () => {
  it('counts what has gone out of the backlog and estimates the rest from the recent rate', () => {
    const view = describeBacklog(feed([[0, 10_000], [1_000, 8_000], [2_000, 6_000]]));
    expect(view).toEqual({ sent: 4_000, total: 10_000, fraction: 0.4, secondsLeft: 3 });
    expect(backlogText(view!)).toBe('4,000 of 10,000 sent · about 3 s left');
  });

  it('has no estimate before anything is sent (offline, or the server holding us off)', () => {
    const view = describeBacklog(feed([[0, 500], [5_000, 500]]));
    expect(view).toEqual({ sent: 0, total: 500, fraction: 0, secondsLeft: null });
    expect(backlogText(view!)).toBe('0 of 500 sent');
  });

  it('adds scans made during the drain to the backlog, so the sent count never runs backwards', () => {
    const readings: Array<[number, number]> = [[0, 100], [1_000, 50], [1_500, 53], [2_000, 20]];
    expect(describeBacklog(feed(readings))).toMatchObject({ total: 103, sent: 83 });
    const sent = readings.map((_, index) => describeBacklog(feed(readings.slice(0, index + 1)))!.sent);
    expect(sent).toEqual([0, 50, 50, 83]);
  });

  it('ends when nothing waits, and a new backlog starts from zero', () => {
    expect(feed([[0, 100], [1_000, 0]])).toBeNull();
    expect(describeBacklog(feed([[0, 100], [1_000, 0], [2_000, 40]]))).toMatchObject({ sent: 0, total: 40 });
  });

  it('draws no bar for the few scans a live door always has waiting', () => {
    expect(describeBacklog(feed([[0, BACKLOG_MIN - 1]]))).toBeNull();
    expect(describeBacklog(feed([[0, BACKLOG_MIN]]))).not.toBeNull();
  });

  it('follows the recent rate, not the average since the start', () => {
    // Fast at first (1,000/s), then the network slows to 10/s for longer than the window.
    const readings: Array<[number, number]> = [[0, 3_000], [1_000, 2_000]];
    for (let at = 2_000, waiting = 1_990; at <= 1_000 + 2 * RATE_WINDOW_MS; at += 1_000, waiting -= 10) readings.push([at, waiting]);
    const view = describeBacklog(feed(readings))!;
    const remaining = view.total - view.sent;
    expect(view.secondsLeft).toBeGreaterThanOrEqual(Math.floor(remaining / 10) - 1);
    expect(backlogText({ ...view, secondsLeft: 600 })).toMatch(/about 10 min left$/);
  });
});
