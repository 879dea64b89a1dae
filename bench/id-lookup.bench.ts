/**
 * `findOne({ _id })` on the embedded engine at a city's size, in one run:
 *  - through FerretDB (the driver's round trip), with the launcher's GIN index on `_id`;
 *  - the statement FerretDB prepares (`_jsonb->$1 @> $2`), executed in PostgreSQL:
 *    A. as the engine runs it (GIN index, custom plans),
 *    B. without the index (what FerretDB's own B-tree gave: a sequential scan),
 *    C. with a generic plan (`plan_cache_mode = force_generic_plan`, the trap that
 *       `force_custom_plan` avoids).
 * Run: npx tsx bench/id-lookup.bench.ts [documents=20000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import pg from 'pg';
import { startEmbeddedEngine } from '../src/platform/embedded-engine.js';
import { createLogger } from '../src/platform/logger.js';
import { postgresqlUrlOf } from '../src/platform/db.js';

const N = Number(process.argv[2] ?? 20_000);
const RUNS = 200;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(path.join(tmpdir(), 'krn-bench-id-'));
const engine = await startEmbeddedEngine({
  dataDir: dir,
  postgresqlSettings: ['fsync=off', 'synchronous_commit=off'],
  logger: createLogger('silent'),
  dbName: 'bench',
});
const client = await MongoClient.connect(engine.uri);
try {
  const users = client.db().collection('users');
  const ids = Array.from({ length: N }, () => new ObjectId());
  for (let i = 0; i < N; i += 2000)
    await users.insertMany(ids.slice(i, i + 2000).map((_id, j) => ({ _id, username: `user.${i + j}`, role: 'resident' })));
  const log = () => readFileSync(path.join(dir, 'ferretdb.log'), 'utf8');
  const ready = /field index ready: bench\.(users_\w+)\._id/;
  for (const deadline = Date.now() + 120_000; !ready.test(log()) && Date.now() < deadline;)
    await new Promise((r) => setTimeout(r, 300));
  const table = ready.exec(log())?.[1];
  if (!table) throw new Error('the _id index was not built');

  const driver: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await users.findOne({ _id: ids[(i * 7919) % N]! });
    driver.push(performance.now() - t);
  }

  const pgc = new pg.Client({ connectionString: postgresqlUrlOf({ DATA_DIR: dir }) });
  await pgc.connect();
  /** Median execution time (ms) of the prepared lookup, after ten warm-up executions. */
  const sql = async (setup: string[]) => {
    await pgc.query('RESET ALL');
    for (const s of setup) await pgc.query(s);
    await pgc.query('DEALLOCATE ALL');
    await pgc.query(`PREPARE lookup(text, jsonb) AS SELECT _jsonb FROM bench.${table} WHERE _jsonb->$1 @> $2`);
    const times: number[] = [];
    let plan = '';
    for (let i = 0; i < 30; i++) {
      const id = JSON.stringify(ids[(i * 104729) % N]!.toHexString());
      const r = await pgc.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE lookup('_id', '${id}')`);
      const out = (r.rows[0] as { 'QUERY PLAN': [{ 'Execution Time': number; Plan: { 'Node Type': string } }] })['QUERY PLAN'][0];
      if (i >= 10) times.push(out['Execution Time']);
      plan = out.Plan['Node Type'];
    }
    return { ms: median(times), plan };
  };
  const a = await sql([]);
  const b = await sql(['SET enable_bitmapscan = off', 'SET enable_indexscan = off']);
  const c = await sql(['SET plan_cache_mode = force_generic_plan']);
  await pgc.end();

  const f = (ms: number) => `${ms.toFixed(3)} ms`;
  process.stdout.write(
    [
      `findOne({ _id }) on ${N} documents, median (same run)`,
      `  through FerretDB, the driver's round trip:        ${f(median(driver))}`,
      `  in PostgreSQL, A. GIN index, custom plan:          ${f(a.ms)} (${a.plan})`,
      `  in PostgreSQL, B. no usable index:                 ${f(b.ms)} (${b.plan}), ${(b.ms / a.ms).toFixed(0)}× A`,
      `  in PostgreSQL, C. generic plan:                    ${f(c.ms)} (${c.plan}), ${(c.ms / a.ms).toFixed(0)}× A`,
      '',
    ].join('\n'),
  );
} finally {
  await client.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
}
