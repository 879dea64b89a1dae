/**
 * Keys that let a list read a bounded part of a growing set with an equality (FerretDB
 * 1.x on PostgreSQL pushes down top-level equalities only, never `$regex`, ranges or
 * sort): a letter of the alphabet for a list by name, every prefix of every word for a
 * search by name. Pure; the residents, the accounts and the certificates write them.
 * Unit-tested in test/unit/name-keys.test.ts.
 */

/** Lower case, no accents, single spaces: "Bât. É" and "bat. e" are the same. */
export function normalise(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Longer words are cut: a search of the first 20 letters finds them all the same. */
export const SEARCH_WORD_MAX = 20;

/** Words of a name or a place, normalised: "Le Guérec-Kerbrat" gives le, guerec, kerbrat. */
export function searchWords(s: string): string[] {
  return normalise(s)
    .split(/[\s'’.,\-/]+/)
    .filter(Boolean)
    .map((w) => w.slice(0, SEARCH_WORD_MAX));
}

/** Every prefix of every word of `text`: an equality on one of them finds "gue" in Guérec. */
export function prefixKeys(text: string): string[] {
  const words = searchWords(text);
  return [...new Set(words.flatMap((w) => Array.from({ length: w.length }, (_, i) => w.slice(0, i + 1))))];
}

/** The longest word of a search: the one equality read (the others are checked on its rows). */
export function longestWord(q: string): string | null {
  const words = searchWords(q);
  return words.length ? words.reduce((a, b) => (b.length > a.length ? b : a)) : null;
}

/** A search matches when each of its words starts a word of the row (its prefix keys). */
export function matchesSearch(keys: readonly string[], q: string): boolean {
  const have = new Set(keys);
  return searchWords(q).every((w) => have.has(w));
}

export const LETTERS = [...'abcdefghijklmnopqrstuvwxyz', '#'] as const;
export type Letter = (typeof LETTERS)[number];

/** The letter a name is listed under: its first letter a–z, `#` otherwise. */
export function letterOf(name: string): Letter {
  const c = normalise(name).charAt(0);
  return /^[a-z]$/.test(c) ? (c as Letter) : '#';
}

/** The letters before and after `letter` in the bar (null at either end). */
export function lettersAround(letter: Letter): { previousLetter: Letter | null; nextLetter: Letter | null } {
  const at = LETTERS.indexOf(letter);
  return {
    previousLetter: at > 0 ? LETTERS[at - 1]! : null,
    nextLetter: at < LETTERS.length - 1 ? LETTERS[at + 1]! : null,
  };
}
