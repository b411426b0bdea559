import { describe, expect, it } from 'vitest';
import { createWedgeReader, DEFAULT_WEDGE_OPTIONS, type WedgeKey } from './keyboardWedge.ts';

const typed = (text: string, startMs: number, gapMs: number, extra: Partial<WedgeKey> = {}): WedgeKey[] =>
  [...text].map((key, index) => ({ key, timeStamp: startMs + index * gapMs, intoEditableField: false, withModifier: false, ...extra }));

function feed(keys: WedgeKey[], reader = createWedgeReader()): string[] {
  return keys.map((key) => reader.key(key)).filter((code): code is string => code !== null);
}

describe('keyboard wedge', () => {
  const SEED = '627e095671209038d339a182.627cb97471209027347177dc.2';

  it('takes a scanner burst ending in Enter as one code', () => {
    const keys = typed(SEED, 1000, 8);
    keys.push({ key: 'Enter', timeStamp: 1000 + SEED.length * 8, intoEditableField: false, withModifier: false });
    expect(feed(keys)).toEqual([SEED]);
  });

  it('ignores a person typing at 150 ms a key, Enter included', () => {
    const keys = typed('DMN-7930721728-176', 0, 150);
    keys.push({ key: 'Enter', timeStamp: 18 * 150, intoEditableField: false, withModifier: false });
    expect(feed(keys)).toEqual([]);
  });

  it('never takes keystrokes into a text field', () => {
    const keys = typed('2148', 0, 5, { intoEditableField: true });
    keys.push({ key: 'Enter', timeStamp: 20, intoEditableField: true, withModifier: false });
    expect(feed(keys)).toEqual([]);
  });

  it('ignores shortcuts and codes shorter than the minimum', () => {
    expect(feed([...typed('abc', 0, 5), { key: 'Enter', timeStamp: 15, intoEditableField: false, withModifier: false }])).toEqual([]);
    expect(feed([...typed('rrrr', 0, 5, { withModifier: true }), { key: 'Enter', timeStamp: 25, intoEditableField: false, withModifier: false }])).toEqual([]);
  });

  it('ends a code without Enter at a pause, only after a fast burst', () => {
    const reader = createWedgeReader();
    feed(typed('2148', 0, 6), reader);
    expect(reader.pause(18 + DEFAULT_WEDGE_OPTIONS.endPauseMs - 1)).toBeNull();
    expect(reader.pause(18 + DEFAULT_WEDGE_OPTIONS.endPauseMs)).toBe('2148');
    expect(reader.pause(1000)).toBeNull();
  });

  it('takes a burst queued behind a stalled page as one code: the pause counts from the last key handled, not pressed', () => {
    const reader = createWedgeReader();
    // Pressed 6 ms apart from 0 ms; the page was busy and handles them from 300 ms on, one every 0.5 ms.
    const keys = typed('2148', 0, 6).map((key, index) => ({ ...key, receivedAt: 300 + index * 0.5 }));
    feed(keys.slice(0, 2), reader);
    expect(reader.pause(300.5 + DEFAULT_WEDGE_OPTIONS.endPauseMs - 1)).toBeNull(); // long after the presses, soon after handling
    feed(keys.slice(2), reader);
    expect(reader.pause(301.5 + DEFAULT_WEDGE_OPTIONS.endPauseMs)).toBe('2148');
  });

  it('does not glue a stray slow key onto the front of the next scan', () => {
    const reader = createWedgeReader();
    const keys = [...typed('x', 0, 0), ...typed('2149', 500, 7)];
    keys.push({ key: 'Enter', timeStamp: 528, intoEditableField: false, withModifier: false });
    expect(feed(keys, reader)).toEqual(['2149']);
  });

  it('reads two scans back to back', () => {
    const reader = createWedgeReader();
    const first = [...typed('2148', 0, 5), { key: 'Enter', timeStamp: 20, intoEditableField: false, withModifier: false }];
    const second = [...typed('2150', 400, 5), { key: 'Enter', timeStamp: 420, intoEditableField: false, withModifier: false }];
    expect(feed([...first, ...second], reader)).toEqual(['2148', '2150']);
  });
});
