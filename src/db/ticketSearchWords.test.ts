// The words a ticket is indexed by: folding, compact id and reference, and the caps that keep a hostile name cheap.
import { describe, expect, it } from 'vitest';
import { compactKey, foldText, MAX_WORD_CHARS, MAX_WORDS_PER_TICKET, ticketSearchWords } from './ticketSearchWords.ts';

describe('ticketSearchWords', () => {
  it('folds case, accents and special letters', () => {
    expect(foldText('ZOË Ångström Łukasz Strauß Øyvind Æsir')).toBe('zoe angstrom lukasz strauss oyvind aesir');
    expect(compactKey('DMN-7930721728-176')).toBe('dmn7930721728176');
  });

  it('holds each name word alone and hyphenated or quoted names joined; nothing for a ticket with no name', () => {
    expect(ticketSearchWords({ guestName: "Mary-Jane  O'Brien" })).toEqual(['mary', 'jane', 'maryjane', 'o', 'brien', 'obrien']);
    expect(ticketSearchWords({ guestName: 'Ann ANN ann' })).toEqual(['ann']);
    expect(ticketSearchWords({ guestName: null })).toEqual([]);
  });

  it('caps a pasted essay in the name: at most 16 words of at most 64 characters', () => {
    const words = ticketSearchWords({ guestName: `${'x'.repeat(500)} ${Array.from({ length: 100 }, (_, index) => `w${index}`).join(' ')}` });
    expect(words).toHaveLength(MAX_WORDS_PER_TICKET);
    expect(words.slice(0, 2)).toEqual(['x'.repeat(MAX_WORD_CHARS), 'w0']);
    expect(Math.max(...words.map((word) => word.length))).toBe(MAX_WORD_CHARS);
  });
});
