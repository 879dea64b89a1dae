/**
 * Paged lists: 50 rows a page, "page suivante / précédente" as plain links (they work
 * without JavaScript and with the keyboard). No count: FerretDB 1.x reads the whole
 * collection for every count, so a page asks for one row more than it shows, and that
 * row only says that a next page exists.
 */
import { z } from 'zod';
import { addMonths } from './day.js';
import { parseForm } from './forms.js';
import { LETTERS, type Letter } from './name-keys.js';

export const PAGE_SIZE = 50;
/** 1,000 pages of 50: far more than one site's lists; a larger number is a typo or a probe. */
export const MAX_PAGE = 1000;

/** `page` from a query string: a whole number from 1 to MAX_PAGE; missing means 1. */
export const pageField = z
  .string({ error: 'pager.errors.pageNumber' })
  .regex(/^[0-9]{1,4}$/, 'pager.errors.pageNumber')
  .transform(Number)
  .pipe(z.number().int().min(1, 'pager.errors.pageNumber').max(MAX_PAGE, 'pager.errors.pageNumber'))
  .optional()
  .transform((n) => n ?? 1);

/** A search box: trimmed, at most `max` characters, missing means empty. */
export const searchField = (max = 80) =>
  z
    .string({ error: 'pager.errors.searchTooLong' })
    .trim()
    .max(max, 'pager.errors.searchTooLong')
    .optional()
    .transform((s) => s ?? '');

/** Parses a list's query string; a bad page number or search answers a 400 page. */
export function parseListQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  return parseForm(schema, query);
}

export interface Page<T> {
  rows: T[];
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** Where a page starts and how many rows to ask for (one more than shown). */
export function window(page: number, size = PAGE_SIZE): { skip: number; limit: number } {
  return { skip: (page - 1) * size, limit: size + 1 };
}

/** The page from rows read with `window(page)`. */
export function pageFrom<T>(rows: T[], page: number, size = PAGE_SIZE): Page<T> {
  return { rows: rows.slice(0, size), page, hasPrevious: page > 1, hasNext: rows.length > size };
}

/** The page of rows already in memory (sorted): for lists merged from several queries. */
export function slicePage<T>(all: T[], page: number, size = PAGE_SIZE): Page<T> {
  const { skip, limit } = window(page, size);
  return pageFrom(all.slice(skip, skip + limit), page, size);
}

/** The link to another page of the same list, keeping its other parameters. */
export function pageHref(path: string, params: Record<string, string | number | undefined>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && k !== 'page') q.set(k, String(v));
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** `mois` from a query string, "YYYY-MM" (2000 to 2099); missing means undefined (the caller's default). */
export const monthField = z
  .string({ error: 'pager.errors.month' })
  .regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/, 'pager.errors.month')
  .optional()
  .or(z.literal('').transform(() => undefined));

/** `lettre` from a query string: a–z or `#` (upper case accepted); missing means undefined. */
export const letterField = z
  .string({ error: 'pager.errors.letter' })
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(LETTERS, { error: 'pager.errors.letter' }))
  .optional();

/** What the months partial shows: the month, links to the one before and after, the picker's other fields. */
export interface MonthNav {
  action: string;
  month: string;
  previousHref: string | null;
  nextHref: string | null;
  /** The list's other parameters, kept as hidden fields of the month picker. */
  hidden: Record<string, string>;
}

/**
 * A list by month: links to the previous and the next month (none after `last`, when
 * given), keeping the list's other parameters; the first page of each.
 */
export function monthNav(
  path: string,
  params: Record<string, string | undefined>,
  month: string,
  last?: string,
): MonthNav {
  const hidden = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const next = addMonths(month, 1);
  return {
    action: path,
    month,
    previousHref: pageHref(path, { ...hidden, mois: addMonths(month, -1) }, 1),
    nextHref: last && next > last ? null : pageHref(path, { ...hidden, mois: next }, 1),
    hidden,
  };
}

/** The letters partial's bar: each letter's link (first page), the current one marked. */
export function letterBar(path: string, params: Record<string, string | undefined>, current: Letter | null) {
  return LETTERS.map((l) => ({ letter: l, href: pageHref(path, { ...params, lettre: l }, 1), current: l === current }));
}

/** Where a list by letter stands: the letter shown (null: not a list by letter) and its neighbours. */
export interface LetterPlace {
  letter: Letter | null;
  previousLetter: Letter | null;
  nextLetter: Letter | null;
}

/**
 * The pager of a list by letter: pages within the letter, and at either end of it the
 * next or the previous letter (its first page).
 */
export function letterPager(
  path: string,
  params: Record<string, string | undefined>,
  list: Page<unknown> & LetterPlace,
) {
  const at = (lettre: Letter | null, page: number) => pageHref(path, { ...params, lettre: lettre ?? undefined }, page);
  return {
    page: list.page,
    hasPrevious: list.hasPrevious || Boolean(list.previousLetter),
    hasNext: list.hasNext || Boolean(list.nextLetter),
    previousHref: list.hasPrevious ? at(list.letter, list.page - 1) : at(list.previousLetter, 1),
    nextHref: list.hasNext ? at(list.letter, list.page + 1) : at(list.nextLetter, 1),
  };
}
