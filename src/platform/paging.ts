/**
 * Paged lists: 50 rows a page, "page suivante / précédente" as plain links (they work
 * without JavaScript and with the keyboard). No count: FerretDB 1.x reads the whole
 * collection for every count, so a page asks for one row more than it shows, and that
 * row only says that a next page exists.
 */
import { z } from 'zod';
import { parseForm } from './forms.js';

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
