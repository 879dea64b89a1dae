/**
 * How should the residents list search on FerretDB 1.24 (PostgreSQL backend)?
 * `$regex` is never pushed down to SQL, so the two candidates are:
 *  A. read the site's residents and households (equality on `site`, pushed down) and
 *     filter in memory, what the list does;
 *  B. store normalised search keys (every prefix of every word) on the resident and
 *     search with an equality on that array (`{ site, searchKeys: 'dup' }`, pushed down).
 * Same run, same engine: N residents on the measured site, as many on another site.
 * Run: npx tsx bench/resident-search.bench.ts [residents=1500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { normalise } from '../src/features/residents/index.js';

const N = Number(process.argv[2] ?? 1500);
const RUNS = 15;

const dataDir = mkdtempSync(path.join(tmpdir(), 'krn-bench-search-'));
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  SESSION_SECRET: 'x'.repeat(40),
  LOG_LEVEL: 'silent',
  EMBEDDED_BACKEND: 'postgresql',
});
const db = await connectDatabase(config, createLogger('silent'), { dbName: `bench_search_${process.pid}` });
const residents = mongoose.connection.db!.collection('bench_residents');
const households = mongoose.connection.db!.collection('bench_households');

const LAST = ['Le Gall', 'Kerbrat', 'Le Goff', 'Martin', 'Morvan', 'Guéguen', 'Quéré', 'Le Bris', 'Salaün', 'Bihan'];
const FIRST = ['Anne', 'Yann', 'Soizic', 'Erwan', 'Maëlle', 'Gwenaël', 'Loïc', 'Nolwenn', 'Hélène', 'Karim'];
const prefixes = (s: string) =>
  normalise(s)
    .split(' ')
    .filter(Boolean)
    .flatMap((w) => Array.from({ length: w.length }, (_, i) => w.slice(0, i + 1)));

const here = new mongoose.Types.ObjectId();
const elsewhere = new mongoose.Types.ObjectId();
for (const site of [here, elsewhere]) {
  const hs = Array.from({ length: Math.ceil(N / 2.5) }, (_, i) => ({
    _id: new mongoose.Types.ObjectId(),
    site,
    dwelling: { building: `B${i % 12}`, entrance: String(i % 3), flat: String(100 + i), address: `${i} rue de Kérourien` },
    subscription: { status: i % 4 ? 'actif' : '' },
  }));
  await households.insertMany(hs);
  const rs = Array.from({ length: N }, (_, i) => {
    const h = hs[i % hs.length]!;
    const firstName = `${FIRST[i % 10]}`;
    const lastName = `${LAST[(i * 7) % 10]} ${i}`;
    return {
      site,
      household: h._id,
      firstName,
      lastName,
      followUp: i % 9 === 0,
      phone: '02 98 00 00 00',
      email: 'x@example.org',
      searchKeys: [...new Set(prefixes(`${firstName} ${lastName} ${h.dwelling.building} ${h.dwelling.flat}`))],
    };
  });
  for (let i = 0; i < rs.length; i += 500) await residents.insertMany(rs.slice(i, i + 500));
}

async function time(fn: () => Promise<number>): Promise<{ median: number; rows: number }> {
  let rows = 0;
  await fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = process.hrtime.bigint();
    rows = await fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(RUNS / 2)]!, rows };
}

const siteRead = async (q: string) => {
  const [rs, hs] = await Promise.all([
    residents.find({ site: here }, { projection: { firstName: 1, lastName: 1, household: 1, followUp: 1 } }).toArray(),
    households.find({ site: here }, { projection: { dwelling: 1, subscription: 1 } }).toArray(),
  ]);
  const byId = new Map(hs.map((h) => [String(h._id), h]));
  const words = normalise(q).split(' ').filter(Boolean);
  return rs.filter((r) => {
    const d = byId.get(String(r.household))?.dwelling ?? {};
    const hay = normalise(`${r.firstName} ${r.lastName} ${d.building} ${d.flat}`);
    return words.every((w) => hay.includes(w));
  }).length;
};
const keyRead = async (q: string) => {
  const words = normalise(q).split(' ').filter(Boolean);
  const rs = await residents
    .find(
      { site: here, searchKeys: words[0] },
      { projection: { firstName: 1, lastName: 1, household: 1, followUp: 1, searchKeys: 1 } },
    )
    .toArray();
  const hits = rs.filter((r) => words.every((w) => (r.searchKeys as string[]).includes(w)));
  const hs = await Promise.all(hits.slice(0, 51).map((r) => households.findOne({ _id: r.household })));
  return hs.length;
};

const residentsOnly = async () => {
  const rs = await residents
    .find({ site: here }, { projection: { firstName: 1, lastName: 1, household: 1, followUp: 1 } })
    .toArray();
  const page = rs.slice(0, 50);
  await Promise.all(page.map((r) => households.findOne({ _id: r.household })));
  return page.length;
};
const followUp = async () => (await residents.find({ site: here, followUp: true }).toArray()).length;
const explainKey = (await residents.find({ site: here, searchKeys: 'gal' }).explain()) as { filterPushdown?: boolean };
const lines = [`${N} residents on the measured site (and as many on another), median of ${RUNS}:`];
for (const q of ['', 'gueguen', 'le gall 12', 'b7']) {
  const a = await time(() => siteRead(q));
  const b = q ? await time(() => keyRead(q)) : null;
  lines.push(
    `"${q}": A site read ${a.median.toFixed(1)} ms (${a.rows} rows)` +
      (b ? `; B search keys ${b.median.toFixed(1)} ms (${b.rows} rows shown)` : '; B n/a (no search: the site read)'),
  );
}
const c = await time(residentsOnly);
lines.push(`no search, residents of the site then the 50 shown households by _id: ${c.median.toFixed(1)} ms`);
const d = await time(followUp);
lines.push(`"à suivre", { site, followUp: true }: ${d.median.toFixed(1)} ms (${d.rows} rows)`);
lines.push(`B's equality on an array element: filterPushdown ${String(explainKey.filterPushdown)}`, '');
process.stdout.write(lines.join('\n'));
await mongoose.connection.db!.dropDatabase();
await db.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
