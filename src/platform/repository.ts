/**
 * The shape of a repository query: a model, a filter, maybe a sort and a projection.
 * Each feature's `*.repository.ts` is the only code that reads or writes the feature's
 * collections; it builds every query with these (reads, and the filters of updates and
 * deletes), runs them, and exports the builders with an example of their arguments, so
 * that test/http/query-pushdown.test.ts can ask the engine (`explain`) whether each
 * filter is turned into SQL (on FerretDB 1.x: top-level equalities only). A query known
 * to read its whole collection is declared so (`scans`, with where it runs: never a
 * request path), and the test checks that too; so is one that reads a whole collection
 * that stays a handful of documents whatever the city's size (`bounded`: the sites, the
 * signing keys). test/http/query-plans.test.ts asks PostgreSQL how it runs every other
 * one on tables of 10,000 rows, and fails on a sequential scan.
 */
import type mongoose from 'mongoose';

export interface QuerySpec {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: mongoose.Model<any>;
  filter: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  projection?: Record<string, number>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QueryBuilders = Record<string, (...args: any[]) => QuerySpec>;

/** A repository's builders with one example argument list each (the explain test runs them). */
export interface NamedQueries<Q extends QueryBuilders> {
  build: Q;
  examples: { [K in keyof Q]: Parameters<Q[K]> };
  /** The queries that FerretDB 1.x cannot turn into SQL, each with where it runs and why (never a request path). */
  scans: Partial<Record<keyof Q, string>>;
  /** Whole-collection reads of a collection that stays small (a handful of sites), each with why. */
  bounded?: Partial<Record<keyof Q, string>>;
}

export function namedQueries<Q extends QueryBuilders>(
  build: Q,
  examples: { [K in keyof Q]: Parameters<Q[K]> },
  scans: Partial<Record<keyof Q, string>> = {},
  bounded: Partial<Record<keyof Q, string>> = {},
): NamedQueries<Q> {
  return { build, examples, scans, bounded };
}

/** `find` for a spec; the caller adds skip/limit and `lean`. */
export function findBy(spec: QuerySpec) {
  const q = spec.model.find(spec.filter, spec.projection);
  return spec.sort ? q.sort(spec.sort) : q;
}
