/**
 * A list by name cut into parts of at most PART_MAX rows, like the pages of a phone book:
 * each letter of a site's list is a run of parts, each part starts at a name (`from`)
 * and holds the names up to the next part's start. A row carries its part's id
 * (`namePart`), so that a page reads one part by an equality, a bounded number of rows
 * whatever the site's size (FerretDB 1.x sorts in memory and pushes no range down). A
 * per-site document keeps the parts and their counts (name-parts.service.ts); a part
 * that grows past PART_MAX is split in two. Pure; unit-tested in test/unit/name-parts.test.ts.
 */
import { normalise, type Letter } from './name-keys.js';

/** The most rows a part holds (a page shows one part). */
export const PART_MAX = 50;
/** Parts laid out from scratch (start-up migration, seed:scale, stats:rebuild) leave room to grow. */
export const PART_FILL = 40;

export interface Part {
  /** The sort key of the part's first row ('' for the letter's first part). */
  from: string;
  count: number;
}
export type Parts = Partial<Record<Letter, Part[]>>;

/** A row of a list by name: its letter and sort key (nameSortKey). */
export interface NamedRow<Id = unknown> {
  _id: Id;
  letter: Letter;
  key: string;
}

/**
 * The sort key of a name: normalised (no accents, lower case), letters and digits only,
 * then the row's id, so that two people of the same name are two keys and a part can
 * always be split. Plain string order is the list's order.
 */
export function nameSortKey(name: string, id: unknown): string {
  const clean = normalise(name)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${clean}\u0001${String(id)}`;
}

/** The id a row carries: its letter and its part's start. */
export const partId = (letter: Letter, from: string): string => `${letter}:${from}`;

/** The part of `parts` (one letter's, in order) a key goes into: the last one starting at or before it. */
export function partIndexOf(parts: readonly Part[], key: string): number {
  let at = 0;
  for (let i = 1; i < parts.length; i++) if (parts[i]!.from <= key) at = i;
  return at;
}

/** Keys sorted in the list's order. */
export const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * A part grown past PART_MAX, cut in two halves: the rows (sorted) that move to the new
 * part, and the new part's start.
 */
export function splitPart<T extends { key: string }>(rows: readonly T[]): { from: string; moved: T[]; kept: number } | null {
  if (rows.length <= PART_MAX) return null;
  const sorted = [...rows].sort(byKey);
  const half = Math.floor(sorted.length / 2);
  return { from: sorted[half]!.key, moved: sorted.slice(half), kept: half };
}

/** Every row of a site's list laid out from scratch: PART_FILL rows a part, each letter apart. */
export function layoutParts<Id>(rows: readonly NamedRow<Id>[]): { parts: Parts; partOf: Map<Id, string> } {
  const parts: Parts = {};
  const partOf = new Map<Id, string>();
  const byLetter = new Map<Letter, NamedRow<Id>[]>();
  for (const r of rows) byLetter.set(r.letter, [...(byLetter.get(r.letter) ?? []), r]);
  for (const [letter, list] of byLetter) {
    list.sort(byKey);
    const out: Part[] = [];
    for (let i = 0; i < list.length; i += PART_FILL) {
      const chunk = list.slice(i, i + PART_FILL);
      const from = i === 0 ? '' : chunk[0]!.key;
      out.push({ from, count: chunk.length });
      for (const r of chunk) partOf.set(r._id, partId(letter, from));
    }
    parts[letter] = out;
  }
  return { parts, partOf };
}

/**
 * What is wrong with a site's parts, given its rows and the part each carries: a row in
 * no part of its letter or in the wrong one (its key outside the part's range), a count
 * that is not the part's rows. Empty: all correct.
 */
export function checkParts<Id>(parts: Parts, rows: readonly (NamedRow<Id> & { part?: string | null })[]): string[] {
  const out: string[] = [];
  const counted = new Map<string, number>();
  for (const r of rows) {
    const list = parts[r.letter] ?? [];
    const expected = list.length ? partId(r.letter, list[partIndexOf(list, r.key)]!.from) : null;
    if (r.part !== expected) out.push(`${String(r._id)}: part ${JSON.stringify(r.part ?? null)}, expected ${JSON.stringify(expected)}`);
    if (r.part) counted.set(r.part, (counted.get(r.part) ?? 0) + 1);
  }
  for (const [letter, list] of Object.entries(parts) as [Letter, Part[]][]) {
    for (const p of list) {
      const id = partId(letter, p.from);
      const n = counted.get(id) ?? 0;
      if (n !== p.count) out.push(`part ${JSON.stringify(id)}: count ${p.count}, rows ${n}`);
    }
  }
  return out;
}

/** Takes a row out of its part (by the part's id); a part left empty goes. */
export function leavePart(parts: Parts, id: string): void {
  const letter = id.slice(0, id.indexOf(':')) as Letter;
  const from = id.slice(id.indexOf(':') + 1);
  const list = parts[letter];
  const at = list?.findIndex((p) => p.from === from) ?? -1;
  if (!list || at < 0) return;
  list[at]!.count = Math.max(0, list[at]!.count - 1);
  if (list[at]!.count === 0) list.splice(at, 1);
  if (list.length === 0) delete parts[letter];
}

/** Which part a page of a letter shows (the first letter with someone when none is asked). */
export function pageOfParts(
  parts: Parts,
  asked: Letter | undefined,
  page: number,
  letters: readonly Letter[],
): { letter: Letter; part: string | null; hasPrevious: boolean; hasNext: boolean } {
  const letter = asked ?? letters.find((l) => (parts[l] ?? []).some((p) => p.count > 0)) ?? letters[0]!;
  const list = parts[letter] ?? [];
  const p = list[page - 1];
  return {
    letter,
    part: p ? partId(letter, p.from) : null,
    hasPrevious: page > 1,
    hasNext: page < list.length,
  };
}
