// The words a known ticket is found by (Find a guest): its guest's name, folded to plain lower-case letters and digits.

/** Letters that Unicode decomposition leaves alone but a steward types as plain letters ("Łukasz" as "lukasz"). */
const FOLDED_LETTERS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const UNFOLDED = /[ßæœøłđðþıħ]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/u;
const NOT_LETTERS_OR_DIGITS = /[^\p{L}\p{N}]+/gu;

/** Index keys are cut here: no name word comes close, a pasted essay does. */
export const MAX_WORD_CHARS = 64;
/** Words stored per ticket: a pasted essay in a name field must not bloat the index. */
export const MAX_WORDS_PER_TICKET = 16;

/** Case- and accent-insensitive form: "José ØSTBY" -> "jose ostby". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(UNFOLDED, (letter) => FOLDED_LETTERS[letter] ?? letter);
}

/** The folded words of a text, split at anything that is not a letter or a digit. */
export const foldedWords = (text: string): string[] => foldText(text).split(NOT_LETTER_OR_DIGIT).filter((word) => word.length > 0);

/** Folded, with every space, dash, dot and quote taken out: "DMN-7930-1" and "dmn79301" are the same key. */
export const compactKey = (text: string): string => foldText(text).replace(NOT_LETTERS_OR_DIGITS, '');

/**
 * What the `searchWords` multiEntry index holds for a ticket: its guest's name words, each alone ("mary", "jane" of
 * "Mary-Jane") and a name's parts joined ("maryjane", "obrien" of "O'Brien") so either spelling finds it. Only the name:
 * the primary key answers a ticket-id prefix and the `reference` index a reference prefix, and every entry here is
 * written again on each put of the row (the sync pass rewrites a ticket per confirmed scan; bench/results/search.md).
 */
export function ticketSearchWords(ticket: { guestName?: string | null }): string[] {
  const words = new Set<string>();
  for (const chunk of (ticket.guestName ?? '').split(/\s+/)) {
    const parts = foldedWords(chunk);
    for (const part of parts) words.add(part);
    if (parts.length > 1) words.add(parts.join(''));
  }
  const cut = [...words].map((word) => word.slice(0, MAX_WORD_CHARS));
  return [...new Set(cut)].slice(0, MAX_WORDS_PER_TICKET);
}
