import { describe, expect, it } from 'vitest';
import { createMeasureRecorder, type MeasureTimeline } from './frameToVerdictMeasure.ts';

/** A timeline like the browser's: it keeps every measure until the name is cleared. */
function fakeTimeline() {
  const entries: { name: string; startTime: number; duration: number }[] = [];
  const timeline: MeasureTimeline = {
    measure: (name, { start, end }) => entries.push({ name, startTime: start, duration: end - start }),
    getEntriesByName: (name) => entries.filter((entry) => entry.name === name),
    clearMeasures: (name) => {
      for (let index = entries.length - 1; index >= 0; index -= 1) if (entries[index]!.name === name) entries.splice(index, 1);
    },
  };
  return { timeline, entries };
}

describe('frame-to-verdict measures', () => {
  it('keeps no growing list over thousands of verdicts, and the newest stay readable with their own times', () => {
    const { timeline, entries } = fakeTimeline();
    timeline.measure('someone-else', { start: 0, end: 1 });
    const record = createMeasureRecorder(timeline, 'verdict', { keep: 50, slack: 10 });
    let most = 0;
    for (let verdict = 0; verdict < 5_000; verdict += 1) {
      record(verdict * 100, verdict * 100 + 30 + (verdict % 7));
      most = Math.max(most, timeline.getEntriesByName('verdict', 'measure').length);
    }
    expect(most).toBeLessThanOrEqual(60);
    const kept = timeline.getEntriesByName('verdict', 'measure');
    expect(kept.length).toBeGreaterThanOrEqual(50);
    const last = kept[kept.length - 1]!;
    expect(last.startTime).toBe(4_999 * 100);
    expect(last.duration).toBe(30 + (4_999 % 7));
    expect(kept.map((entry) => entry.startTime)).toEqual([...kept.map((entry) => entry.startTime)].sort((a, b) => a - b));
    expect(entries.filter((entry) => entry.name === 'someone-else')).toHaveLength(1); // other measures are not touched
  });

  it('keeps every measure while there are fewer than it keeps (the benchmark reads them all)', () => {
    const { timeline } = fakeTimeline();
    const record = createMeasureRecorder(timeline, 'verdict', { keep: 50, slack: 10 });
    for (let verdict = 0; verdict < 45; verdict += 1) record(verdict, verdict + 20);
    expect(timeline.getEntriesByName('verdict', 'measure')).toHaveLength(45);
  });
});
