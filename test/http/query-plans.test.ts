/**
 * Every named query is served by an index at a city's size. For each query the
 * repositories name (test/helpers/query-registry.ts), this builds the SQL that FerretDB
 * 1.24's PostgreSQL backend sends for it (internal/backends/postgresql/query.go: the
 * top-level scalar equalities become `_jsonb->$1 @> $2`, with the field name as a
 * parameter; nothing else is sent: no sort, no limit after a filter), fills the tables
 * of a fresh database with 10,000 rows each through the engine, and asks PostgreSQL
 * (`EXPLAIN`, on the engine's own PostgreSQL) how it runs that statement, prepared as
 * FerretDB prepares it: once at first, then again after ten executions, when
 * PostgreSQL may switch to a generic plan that cannot use the expression indexes
 * (`_jsonb->$1` is not `_jsonb->'site'`). Any sequential scan fails.
 *
 * The indexes are the app's: those its models declare, which the engine's launcher
 * doubles with GIN `jsonb_path_ops` indexes, and one on `_id` of every table; `plan_cache_mode =
 * force_custom_plan` is a setting the launcher gives the engine's database. Nothing is
 * added here: a launcher that stops doing either fails this test. Runs on FerretDB's
 * PostgreSQL backend only (the default engine of the tests), never skipped.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import pg from 'pg';
import { ensureIndexes } from '../../src/platform/db.js';
import { namedQueryList, type NamedQuery } from '../helpers/query-registry.js';
import { testPostgresUrl } from '../helpers/test-env.js';

const ROWS = 10_000;
const EXECUTIONS = 10;
const dbName = `plans_${process.pid}`;

type Scalar = string | number | boolean | Date | mongoose.Types.ObjectId;

const isObjectId = (v: unknown): v is mongoose.Types.ObjectId => v instanceof mongoose.Types.ObjectId;
const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date || isObjectId(v);

/**
 * The equalities FerretDB pushes down for a filter, in its order: top-level keys without
 * a dot or `$`, with a string, ObjectId, date, number or boolean, or `{ $eq: that }`.
 * (`$ne` becomes a NOT, which no index serves; everything else stays in Go.)
 */
function pushedEqualities(filter: Record<string, unknown>): [string, Scalar][] {
  const out: [string, Scalar][] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$') || key.includes('.')) continue;
    if (isScalar(value)) out.push([key, value]);
    else if (value && typeof value === 'object' && !Array.isArray(value) && '$eq' in value && isScalar(value.$eq)) {
      out.push([key, value.$eq]);
    }
  }
  return out;
}

/** A value as FerretDB's `sjson` writes it in `_jsonb` (ObjectIds as hex strings, dates as milliseconds). */
function sjson(v: Scalar): string {
  if (isObjectId(v)) return JSON.stringify(v.toHexString());
  if (v instanceof Date) return String(v.getTime());
  return JSON.stringify(v);
}

/** A value of the same type as `example` that is not it: most rows hold one of these (each its own when unique). */
function filler(example: Scalar, i: number, pool: mongoose.Types.ObjectId[], unique: boolean): Scalar {
  const k = unique ? i : i % pool.length;
  if (isObjectId(example)) return unique ? new mongoose.Types.ObjectId() : pool[k]!;
  if (example instanceof Date) return new Date(example.getTime() + (1 + k) * 60_000);
  if (typeof example === 'string') return `${example}~${k}`;
  if (typeof example === 'number') return example + 1 + k;
  return !example;
}

interface Table {
  collection: string;
  queries: NamedQuery[];
  table?: string;
}

/** Nodes of a JSON plan, depth first. */
function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}
const seqScans = (plan: Record<string, unknown>) => planNodes(plan).filter((n) => n['Node Type'] === 'Seq Scan');
const describePlan = (plan: Record<string, unknown>) =>
  planNodes(plan)
    .map((n) => `${String(n['Node Type'])}${n['Index Name'] ? ` using ${String(n['Index Name'])}` : ''}`)
    .join(' > ');

describe('query plans: every named query is served by an index on 10,000 rows (EXPLAIN on the engine’s PostgreSQL)', function () {
  this.timeout(240_000);
  const queries = namedQueryList();
  const tables = new Map<string, Table>();
  for (const q of queries) {
    const collection = q.spec.model.collection.collectionName;
    if (!tables.has(collection)) tables.set(collection, { collection, queries: [] });
    tables.get(collection)!.queries.push(q);
  }
  let client: pg.Client;
  let conn: mongoose.Connection;

  before(async () => {
    conn = mongoose.connection.useDb(dbName, { useCache: false });
    await ensureIndexes(conn);
    // Rows: each field a query filters on holds mostly other values, and each example
    // value in a few rows, so that an equality matches a handful of rows as in a city.
    const pool = Array.from({ length: 997 }, () => new mongoose.Types.ObjectId());
    const pad = 'x'.repeat(400);
    for (const t of tables.values()) {
      const examples = new Map<string, Scalar[]>();
      for (const q of t.queries) {
        for (const [field, value] of pushedEqualities(q.spec.filter)) {
          if (!examples.has(field)) examples.set(field, []);
          examples.get(field)!.push(value);
        }
      }
      // Fields of a unique index hold each value once.
      const model = t.queries[0]!.spec.model;
      const unique = new Set(
        model.schema
          .indexes()
          .filter(([, options]) => (options as { unique?: boolean }).unique)
          .flatMap(([fields]) => Object.keys(fields)),
      );
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < ROWS; i++) {
        const row: Record<string, unknown> = { pad };
        for (const [field, values] of examples) {
          if (field === '_id') {
            if (i < values.length) row._id = values[i];
            else if (!isObjectId(values[0])) row._id = `${String(values[0])}~${i}`;
          } else {
            const copies = unique.has(field) ? 1 : 5;
            row[field] = i < values.length * copies ? values[i % values.length] : filler(values[0]!, i, pool, unique.has(field));
          }
        }
        rows.push(row);
      }
      const collection = conn.db!.collection(t.collection);
      for (let i = 0; i < rows.length; i += 2000) await collection.insertMany(rows.slice(i, i + 2000), { ordered: false });
    }

    client = new pg.Client({ connectionString: testPostgresUrl() });
    await client.connect();
    const schema = client.escapeIdentifier(dbName);
    const meta = await client.query<{ c: string; t: string }>(
      `SELECT _jsonb->>'_id' AS c, _jsonb->>'table' AS t FROM ${schema}._ferretdb_database_metadata`,
    );
    for (const r of meta.rows) if (tables.has(r.c)) tables.get(r.c)!.table = r.t;

    // The launcher adds a GIN index for every declared field and for `_id` of every table within a few seconds.
    const declared = await client.query<{ t: string; f: string }>(
      `SELECT m._jsonb->>'table' AS t, k AS f FROM ${schema}._ferretdb_database_metadata m,
         jsonb_array_elements(m._jsonb->'indexes') i, jsonb_object_keys(i->'key') k`,
    );
    const wanted = [
      ...declared.rows.filter((r) => r.f !== '_id' && !/[.$]/.test(r.f)),
      ...[...tables.values()].flatMap((t) => (t.table ? [{ t: t.table, f: '_id' }] : [])),
    ];
    const ginIndexes = async () =>
      (
        await client.query<{ tablename: string; indexdef: string }>(
          `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = $1`,
          [dbName],
        )
      ).rows.filter((r) => /USING gin/i.test(r.indexdef));
    const hasGin = (gins: { tablename: string; indexdef: string }[], t: string, f: string) =>
      gins.some((g) => g.tablename === t && g.indexdef.includes(`'${f}'::text`));
    for (let waited = 0; ; waited += 500) {
      const gins = await ginIndexes();
      const missing = wanted.filter((w) => !hasGin(gins, w.t, w.f));
      if (missing.length === 0) break;
      if (waited > 60_000) {
        throw new Error(
          `the engine did not add these GIN indexes within 60 s: ${missing.map((m) => `${m.t}.${m.f}`).join(', ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const t of tables.values()) if (t.table) await client.query(`ANALYZE ${schema}.${client.escapeIdentifier(t.table)}`);
  });

  after(async () => {
    await client?.end();
    await conn?.dropDatabase().catch(() => undefined);
  });

  it('the engine’s database plans every execution with its parameters (plan_cache_mode = force_custom_plan)', async () => {
    const mode = (await client.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]!.plan_cache_mode;
    expect(mode).to.equal('force_custom_plan');
  });

  it('no declared whole-collection read runs on a request path', () => {
    const onRequests = queries.filter((q) => q.scan && /^request path/i.test(q.scan));
    expect(onRequests.map((q) => `${q.repository}: ${q.name} (${q.scan})`)).to.deep.equal([]);
  });

  let statement = 0;
  /** The plan of FerretDB's statement for `q`, first and after EXECUTIONS executions. */
  async function plans(q: NamedQuery): Promise<{ sql: string; first: Record<string, unknown>; later: Record<string, unknown> }> {
    const t = tables.get(q.spec.model.collection.collectionName)!;
    const eq = pushedEqualities(q.spec.filter);
    const where = eq.map((_, i) => `_jsonb->$${2 * i + 1} @> $${2 * i + 2}`).join(' AND ');
    const sql = `SELECT _jsonb FROM ${client.escapeIdentifier(dbName)}.${client.escapeIdentifier(t.table!)}${where ? ` WHERE ${where}` : ''}`;
    const name = `plan_${++statement}`;
    const args = eq.flatMap(([field, value]) => [client.escapeLiteral(field), client.escapeLiteral(sjson(value))]).join(', ');
    const execute = `EXECUTE ${name}${args ? `(${args})` : ''}`;
    await client.query(`PREPARE ${name} AS ${sql}`);
    try {
      const explain = async () =>
        (await client.query<{ 'QUERY PLAN': { Plan: Record<string, unknown> }[] }>(`EXPLAIN (FORMAT JSON) ${execute}`)).rows[0]![
          'QUERY PLAN'
        ][0]!.Plan;
      const first = await explain();
      for (let i = 0; i < EXECUTIONS; i++) await client.query(execute);
      return { sql, first, later: await explain() };
    } finally {
      await client.query(`DEALLOCATE ${name}`);
    }
  }

  for (const q of queries) {
    if (q.scan || q.bounded) continue;
    it(`${q.repository}: ${q.name}`, async () => {
      const pushed = pushedEqualities(q.spec.filter).length;
      expect(pushed, `${q.name}: FerretDB pushes no equality of ${JSON.stringify(q.spec.filter)}`).to.be.above(0);
      const { sql, first, later } = await plans(q);
      expect(seqScans(first).length, `${sql}\nfirst plan: ${describePlan(first)}`).to.equal(0);
      expect(seqScans(later).length, `${sql}\nplan after ${EXECUTIONS} executions: ${describePlan(later)}`).to.equal(0);
    });
  }

  it('would notice a sequential scan: the same statement under a generic plan', async () => {
    const q = queries.find((x) => x.repository === 'residents' && x.name === 'residentById')!;
    await client.query('SET plan_cache_mode = force_generic_plan');
    try {
      const { later } = await plans(q);
      expect(seqScans(later).length).to.be.above(0);
    } finally {
      await client.query('RESET plan_cache_mode');
    }
  });
});
