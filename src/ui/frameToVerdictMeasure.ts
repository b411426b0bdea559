// The frame-to-verdict performance measures, kept bounded: an all-day kiosk records thousands of verdicts, and the
// browser keeps every measure until someone clears it. The newest `keep` stay readable (the benchmarks read them).
export const FRAME_TO_VERDICT_MEASURE = 'doorlist:frame-to-verdict';

/** The part of `performance` this needs, so a test can count what is kept. */
export interface MeasureTimeline {
  measure(name: string, options: { start: number; end: number }): unknown;
  getEntriesByName(name: string, type: 'measure'): readonly { startTime: number; duration: number }[];
  clearMeasures(name: string): void;
}

export interface MeasureLimits {
  /** How many of the newest measures stay readable. */
  keep: number;
  /** Trimmed after this many more: the list never holds more than keep + slack. */
  slack: number;
}

export const FRAME_TO_VERDICT_LIMITS: MeasureLimits = { keep: 1_000, slack: 200 };

export function createMeasureRecorder(timeline: MeasureTimeline, name: string, limits: MeasureLimits): (start: number, end: number) => void {
  let sinceTrim = 0;
  return (start, end) => {
    timeline.measure(name, { start, end });
    sinceTrim += 1;
    if (sinceTrim < limits.slack) return;
    sinceTrim = 0;
    const entries = timeline.getEntriesByName(name, 'measure');
    if (entries.length <= limits.keep) return;
    // One entry cannot be cleared alone: clear the name and put the newest back, with their own times.
    const newest = entries.slice(-limits.keep).map((entry) => ({ start: entry.startTime, end: entry.startTime + entry.duration }));
    timeline.clearMeasures(name);
    for (const entry of newest) timeline.measure(name, entry);
  };
}

let recordInPage: ((start: number, end: number) => void) | null = null;

/** Records one verdict's measure on the page's own timeline. */
export function recordFrameToVerdict(frameAt: number, shownAt: number): void {
  recordInPage ??= createMeasureRecorder(performance, FRAME_TO_VERDICT_MEASURE, FRAME_TO_VERDICT_LIMITS);
  recordInPage(frameAt, shownAt);
}
