import { describe, expect, it } from 'vitest';
import { createRepeatFilter } from './repeatFilter.ts';

describe('createRepeatFilter', () => {
  it('counts a code held in view for ten seconds once, then again after it has been away', () => {
    let now = 0;
    const accept = createRepeatFilter(() => now, 3_000);
    const seen: boolean[] = [];
    for (now = 0; now <= 10_000; now += 100) seen.push(accept('A'));
    expect(seen.filter(Boolean)).toHaveLength(1);
    now += 3_001;
    expect(accept('A')).toBe(true);
  });

  it('reads a different code at once', () => {
    let now = 0;
    const accept = createRepeatFilter(() => now, 3_000);
    expect(accept('A')).toBe(true);
    now = 50;
    expect(accept('B')).toBe(true);
    now = 100;
    expect(accept('A')).toBe(false);
  });
});
