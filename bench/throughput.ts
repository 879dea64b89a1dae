/**
 * `npx tsx bench/throughput.ts [--before DIR] [--duration 5] [--connections 20] [--cpu-prof DIR]`
 * Where a logged-in request's time goes (issue 20, point 5), on the scale data of the
 * app's database (seed:scale, as for `npm run bench`), against the bare Express + EJS page
 * measured in the same run:
 *   commands  one request of each page: every database command with its duration (the
 *             driver's command monitoring in bench/app-server.ts) and the request's time
 *             in the app;
 *   load      autocannon, 20 connections, and the CPU that each process used meanwhile
 *             (the app, FerretDB's launcher, PostgreSQL's processes, the load generator),
 *             read from /proc, as milliseconds of CPU per request.
 * `--before DIR`: a checkout of the code before a change (e.g. `git worktree add` or
 * `git archive` of main, with a `node_modules` link): its app is measured page by page
 * beside this checkout's, in the same run. `--cpu-prof DIR`: this checkout's app profiles
 * its CPU during each page's measured run, into DIR/<page>.cpuprofile (read them with
 * bench/cpu-profile-summary.ts).
 * Prints markdown tables; writes nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadConfig, ROOT_DIR } from '../src/config.js';
import { initCatalogue } from '../src/features/workshops/index.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { SCALE_PASSWORD } from '../scripts/scale-data.js';
import { listening, spawnTsx } from './children.js';
import { Client } from './http-client.js';
import { pct, runLoad, settle } from './load-run.js';
import { pageCommands } from './page-commands.js';
import { cpuMs, engineCpuMs } from './proc-cpu.js';
import { targets } from './targets.js';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    'cpu-prof': { type: 'string' },
    pages: { type: 'string' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const PROXY = { 'x-forwarded-proto': 'https' };
const say = (line: string) => process.stdout.write(line + '\n');

const config = loadConfig();
if (config.NODE_ENV === 'production') {
  process.stderr.write('Refusé : le banc d’essai écrit des données (NODE_ENV=production).\n');
  process.exit(1);
}
const db = await connectDatabase(config, createLogger('silent'));
const uri = db.engine?.uri ?? config.MONGODB_URI!;
await initCatalogue(path.join(ROOT_DIR, 'content'));
const t = await targets(mongoose.connection);
if (!t) {
  process.stderr.write('No scale data in this database: run `npm run seed:scale -- --residents 5000` first.\n');
  await db.close();
  process.exit(1);
}

// ---------- processes and their CPU ----------

interface CpuSample {
  app: number;
  ferretdb: number;
  postgresql: number;
  bench: number;
}

function sampleCpu(appPid: number | undefined): CpuSample {
  const own = process.cpuUsage();
  return {
    app: appPid ? cpuMs(appPid) : 0,
    ...engineCpuMs(config.DATA_DIR),
    bench: (own.user + own.system) / 1000,
  };
}

// ---------- the apps ----------

const children: ChildProcess[] = [];
const monitoredUri = uri + (uri.includes('?') ? '&' : '?') + 'monitorCommands=true';
const appEnv = {
  MONGODB_URI: monitoredUri,
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://numerique.example.fr',
  BEHIND_HTTPS_PROXY: 'true',
  LOG_LEVEL: 'silent',
  DATA_DIR: config.DATA_DIR,
  SESSION_SECRET: config.SESSION_SECRET,
};

interface App {
  label: string;
  port: number;
  pid: number;
  leader: Client;
  resident: Client;
}

async function startApp(label: string, root: string, argv: string[] = []): Promise<App> {
  const child = spawnTsx(children, root, 'bench/app-server.ts', argv, appEnv);
  const port = await listening(child);
  const leader = new Client(port, { ...PROXY, 'x-forwarded-for': '10.0.0.1' });
  const resident = new Client(port, { ...PROXY, 'x-forwarded-for': '10.0.0.2' });
  await leader.login(t!.leader, SCALE_PASSWORD);
  await resident.login(t!.resident, SCALE_PASSWORD);
  return { label, port, pid: child.pid!, leader, resident };
}

const profileDir = args['cpu-prof'] ? path.resolve(args['cpu-prof']) : undefined;
const apps: App[] = [];
if (args.before) apps.push(await startApp('before', path.resolve(args.before)));
apps.push(await startApp(args.before ? 'after' : 'this checkout', ROOT_DIR, profileDir ? ['--cpu-profile-dir', profileDir] : []));
const listBytes = Buffer.byteLength((await apps[0]!.leader.get('/residents')).text);
const barePort = await listening(spawnTsx(children, ROOT_DIR, 'bench/bare-server.ts', [String(listBytes)], {}));
const bare = { label: 'bare', port: barePort, pid: children.at(-1)!.pid! };

// ---------- pages ----------

type Who = 'leader' | 'resident' | 'visitor';
const allPages: { name: string; url: string; who: Who }[] = [
  { name: 'resident record', url: t.record, who: 'leader' },
  { name: 'my progress', url: '/ma-progression', who: 'resident' },
  { name: 'workshop page', url: t.workshop, who: 'resident' },
  { name: 'resident home', url: '/', who: 'resident' },
  { name: 'catalogue', url: '/ateliers', who: 'resident' },
  { name: 'public check', url: t.check, who: 'visitor' },
];
const wanted = args.pages?.split(',');
const pages = wanted ? allPages.filter((p) => wanted.some((w) => p.name.includes(w))) : allPages;

const clientOf = (app: App, who: Who) =>
  who === 'visitor' ? new Client(app.port, { ...PROXY, 'x-forwarded-for': '10.0.9.9' }) : app[who];

interface Timings {
  totalMs?: number;
  commands: { command: string; startMs: number; ms: number }[];
}

/** One request of a page, after two unmeasured ones: its commands, timed when the app can. */
async function oneRequest(app: App, url: string, who: Who): Promise<Timings> {
  const c = clientOf(app, who);
  for (let i = 0; i < 3; i++) {
    const res = await c.get(url);
    if (res.status !== 200) throw new Error(`${app.label} GET ${url}: ${res.status}`);
  }
  const timings = await c.get('/__bench/timings');
  if (timings.status === 200) return JSON.parse(timings.text) as Timings;
  // An older app-server counts the commands only.
  const names = await pageCommands(c, url);
  return { commands: names.map((command) => ({ command, startMs: NaN, ms: NaN })) };
}

interface Row {
  page: string;
  app: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
  cpu: CpuSample;
}

async function load(page: string, target: { label: string; port: number; pid: number }, url: string, who: Who | 'bare') {
  const cookie = who === 'leader' || who === 'resident' ? (target as App)[who].cookieHeader() : undefined;
  const headers = { ...PROXY, ...(cookie ? { cookie } : {}) };
  const opts = {
    url: `http://127.0.0.1:${target.port}${url}`,
    connections: CONNECTIONS,
    headers,
    manyAddresses: who === 'visitor',
  };
  await runLoad({ ...opts, duration: 1 });
  await settle(target.port, PROXY);
  // This checkout's app profiles its CPU during the measured run when asked (--cpu-prof).
  const profiled = profileDir && target === apps.at(-1);
  const bench = new Client(target.port, PROXY);
  if (profiled) await bench.get('/__bench/profile/start');
  const before = sampleCpu(target.pid);
  const startedAt = Date.now();
  const { result, times } = await runLoad({ ...opts, duration: DURATION });
  const after = sampleCpu(target.pid);
  const seconds = (Date.now() - startedAt) / 1000;
  if (profiled) await bench.get(`/__bench/profile/stop?name=${encodeURIComponent(page)}`);
  await settle(target.port, PROXY);
  const requests = result.requests.total;
  // What the engine spends idle (its own timers, the other app's heartbeats) is not the page's.
  const per = (k: keyof CpuSample) => (after[k] - before[k] - (k === 'app' ? 0 : idle[k] * seconds)) / Math.max(1, requests);
  const row: Row = {
    page,
    app: target.label,
    rps: result.requests.average,
    p50: pct(times, 0.5),
    p95: pct(times, 0.95),
    p99: pct(times, 0.99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests,
    cpu: { app: per('app'), ferretdb: per('ferretdb'), postgresql: per('postgresql'), bench: per('bench') },
  };
  say(
    `  ${page.padEnd(18)} ${target.label.padEnd(13)} ${row.rps.toFixed(0).padStart(6)} req/s  p95 ${row.p95.toFixed(0)} ms  ` +
      `CPU/request: app ${row.cpu.app.toFixed(2)} ms, FerretDB ${row.cpu.ferretdb.toFixed(2)} ms, PostgreSQL ${row.cpu.postgresql.toFixed(2)} ms`,
  );
  return row;
}

/** CPU per second of each process with no request at all (5 s). */
async function idleCpu(): Promise<CpuSample> {
  const a = sampleCpu(undefined);
  await new Promise((r) => setTimeout(r, 5000));
  const b = sampleCpu(undefined);
  return {
    app: 0,
    ferretdb: (b.ferretdb - a.ferretdb) / 5,
    postgresql: (b.postgresql - a.postgresql) / 5,
    bench: (b.bench - a.bench) / 5,
  };
}
const idle = await idleCpu();
say(`CPU au repos, par seconde : FerretDB ${idle.ferretdb.toFixed(0)} ms, PostgreSQL ${idle.postgresql.toFixed(0)} ms`);
const loadAtStart = loadavg()[0]!;
const profiles: { page: string; app: string; timings: Timings }[] = [];
say(`Une requête de chaque page (${t.residents} résidents) :`);
for (const p of pages)
  for (const app of apps) {
    const timings = await oneRequest(app, p.url, p.who);
    profiles.push({ page: p.name, app: app.label, timings });
    say(`  ${p.name} (${app.label}) : ${timings.commands.length} commandes, ${timings.totalMs?.toFixed(1) ?? '?'} ms dans l’app`);
  }

say(`\nCharge : ${CONNECTIONS} connexions, ${DURATION} s par page`);
const rows: Row[] = [await load('bare page', bare, '/', 'bare')];
for (const p of pages) for (const app of apps) rows.push(await load(p.name, app, p.url, p.who));
rows.push(await load('bare page (again)', bare, '/', 'bare'));
const loadAtEnd = loadavg()[0]!;

// ---------- report ----------

const baseRps = (rows[0]!.rps + rows.at(-1)!.rps) / 2;
const f = (n: number, d = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–';
const report = [
  `Data: ${f(t.residents)} residents, ${f(t.attempts)} attempts; load average ${f(loadAtStart, 1)} at the start, ` +
    `${f(loadAtEnd, 1)} at the end; ${CONNECTIONS} connections, ${DURATION} s per page after 1 s of warm-up. ` +
    `Idle, with no request: FerretDB ${f(idle.ferretdb)} ms and PostgreSQL ${f(idle.postgresql)} ms of CPU per second, taken off their CPU per request below.`,
  '',
  '| page | code | req/s | × bare | p50 | p95 | p99 | errors | non-2xx | CPU ms per request: app · FerretDB · PostgreSQL · load generator |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.page} | ${r.app} | ${f(r.rps)} | ${f(r.rps / baseRps, 3)} | ${f(r.p50)} ms | ${f(r.p95)} ms | ${f(r.p99)} ms | ${r.errors} | ${r.non2xx} | ` +
      `${f(r.cpu.app, 2)} · ${f(r.cpu.ferretdb, 2)} · ${f(r.cpu.postgresql, 2)} · ${f(r.cpu.bench, 2)} |`,
  ),
  '',
  `Bare page: ${f(baseRps)} req/s on average of its two runs.`,
  '',
  '#### One request of each page: its database commands',
  '',
  ...profiles.flatMap(({ page, app, timings }) => [
    `${page} (${app}): ${timings.commands.length} commands` +
      (timings.totalMs === undefined
        ? ''
        : `, ${f(timings.totalMs, 1)} ms in the app, ${f(
            timings.commands.reduce((s, c) => s + c.ms, 0),
            1,
          )} ms of commands`),
    '',
    ...timings.commands.map((c) =>
      Number.isFinite(c.ms)
        ? `    +${f(c.startMs, 1).padStart(6)} ms  ${f(c.ms, 2).padStart(6)} ms  ${c.command}`
        : `    ${c.command}`,
    ),
    '',
  ]),
];
say('\n' + report.join('\n'));

for (const c of children) c.stdin?.end();
await new Promise((r) => setTimeout(r, 1500));
for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
await db.close();
process.exit(0);
