/**
 * Every repository query is one FerretDB turns into SQL. FerretDB 1.24 on PostgreSQL
 * pushes the top-level equalities of a filter down (`explain` says `filterPushdown:
 * true`) and checks the rest on the rows they return; a filter without one reads the
 * whole collection. It never pushes a sort, nor a limit after a filter
 * (`sortPushdown`/`limitPushdown` stay false), which is why every page reads a bounded
 * slice: a site, a letter, a month, one id.
 *
 * This runs on FerretDB's PostgreSQL backend only, and fails on any other engine with a
 * message saying so (the SQLite backend pushes no filter down, MongoDB has no such
 * field): it is never skipped.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { residentQueries } from '../../src/features/residents/resident.repository.js';
import type { QuerySpec } from '../../src/platform/repository.js';
import { namedQueryList } from '../helpers/query-registry.js';
import { clearDatabase } from '../helpers/test-env.js';

interface Explained {
  filterPushdown?: boolean;
  sortPushdown?: boolean;
  limitPushdown?: boolean;
  /** PostgreSQL's own EXPLAIN (an object with a "Node Type"); SQLite's is a list of lines. */
  queryPlanner?: { Plan?: { 'Node Type'?: string } };
}

async function explain(spec: QuerySpec): Promise<Explained> {
  // One document, so that FerretDB has a table to explain (an absent collection explains as empty).
  await spec.model.collection.insertOne({ probe: true });
  let q = spec.model.find(spec.filter, spec.projection);
  if (spec.sort) q = q.sort(spec.sort);
  return (await q.limit(51).explain()) as unknown as Explained;
}

describe('repository queries: each filter is turned into SQL (explain on the real engine)', () => {
  before(clearDatabase);
  after(clearDatabase);

  it('runs on FerretDB’s PostgreSQL backend (the only one that pushes filters down)', async () => {
    const spec = residentQueries.build.residentById(new mongoose.Types.ObjectId());
    const result = await explain(spec);
    expect(
      typeof result.queryPlanner?.Plan?.['Node Type'] === 'string' && typeof result.filterPushdown === 'boolean',
      'These checks need FerretDB on PostgreSQL: run the tests with TEST_ENGINE=postgresql ' +
        '(FerretDB on SQLite pushes no filter but { _id } down; MongoDB reports no filterPushdown).',
    ).to.equal(true);
  });

  for (const { repository, name, spec, scan, bounded } of namedQueryList()) {
    const whole = scan ?? bounded;
    it(`${repository}: ${name}${whole ? ` (declared to read its whole collection: ${whole})` : ''}`, async () => {
      const result = await explain(spec);
      // A declared scan must be one: once rewritten as an equality, it is no longer declared.
      expect(result.filterPushdown, `${name} ${JSON.stringify(spec.filter)}`).to.equal(!whole);
    });
  }

  it('would notice a filter that is not pushed down', async () => {
    const spec = residentQueries.build.residentsOfSite(new mongoose.Types.ObjectId());
    const result = await explain({ ...spec, filter: { anonymisedAt: { $exists: false } } });
    expect(result.filterPushdown).to.equal(false);
  });
});
