/**
 * `npm run soak -- --minutes 30 [--connections 20] [--instances 2]`: the app as it runs in
 * production (built first, then `node dist/server.js`, a child process on its own data
 * directory, with the intervals of its configuration) under mixed traffic: answers,
 * record reads, support entries, public checks, logins and wrong passwords.
 * With `--instances N` (N > 1), N apps on one fresh database of the machine's PostgreSQL
 * (127.0.0.1:5432, user postgres; dropped at the end), each request of a client sent to
 * the next app, as behind a reverse proxy.
 * Prints the answers by action and status, the answers given for the wrong account, and
 * each app's memory at start and end. Fails on any 5xx, any wrong-identity answer, memory
 * that keeps growing, an acknowledged answer or support entry missing from the database,
 * or a statistic that differs from its rebuild.
 * Shorten the app's intervals through its environment (see README) to run them often.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { SupportEntry } from '../src/features/residents/support-entry.model.js';
import { rebuildStatistics } from '../src/features/statistics/index.js';
import { catalogue, initCatalogue } from '../src/features/workshops/index.js';
import { rightAnswer, wrongAnswer } from '../src/features/exercises/sample-answers.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, type Database } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import {
  createFreshDatabase,
  createSiteWithAccounts,
  csrfOf as token,
  SpreadBrowser,
  startInstance,
  type FreshDatabase,
  type Instance,
} from './app-instances.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    connections: { type: 'string', default: '20' },
    instances: { type: 'string', default: '1' },
  },
});
const minutes = Number(values.minutes);
const connections = Number(values.connections);
const instanceCount = Number(values.instances);
if (!(minutes > 0) || !(connections > 0) || !Number.isInteger(instanceCount) || instanceCount < 1 || instanceCount > 8) {
  process.stderr.write('Usage : npm run soak -- --minutes 30 [--connections 20] [--instances 1 à 8]\n');
  process.exit(2);
}

const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'soak-password-2026';
/** This process's own data directory (its engine, when several apps share a PostgreSQL). */
const ownDir = mkdtempSync(path.join(tmpdir(), 'kerourien-soak-'));
const say = (msg: string) => process.stdout.write(`[soak] ${msg}\n`);

// ---- results
const counts = new Map<string, number>();
const wrongIdentity: string[] = [];
const serverErrors: string[] = [];
function note(action: string, status: number, url: string) {
  counts.set(`${action} ${status}`, (counts.get(`${action} ${status}`) ?? 0) + 1);
  if (status >= 500) serverErrors.push(`${action} ${status} ${url}`);
}
const counted = (key: string) => counts.get(key) ?? 0;

let fresh: FreshDatabase | undefined;
let db: Database | undefined;
const apps: Instance[] = [];

async function start(): Promise<void> {
  // The compiled app, as `npm start` runs it, built from the sources as they are now.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    // What the instances share (README, "Serving a city"): the session secret, and the database.
    SESSION_SECRET: randomBytes(24).toString('hex'),
  };
  const args = ['--enable-source-maps', path.join(ROOT, 'dist/server.js')];
  if (instanceCount > 1) {
    fresh = await createFreshDatabase('krn_soak');
    env.POSTGRESQL_URL = fresh.url;
    // Each app's FerretDB and locks, and this process's, within PostgreSQL's 100 connections.
    env.ENGINE_PG_POOL_MAX = String(Math.max(5, Math.floor(80 / (instanceCount + 1)) - 10));
    // This process first: it makes every collection, which each app's FerretDB reads at its start.
    db = await connectDatabase(loadConfig({ ...process.env, ...env, DATA_DIR: ownDir }), createLogger('silent'));
    say(`${instanceCount} apps on the database ${new URL(fresh.url).pathname.slice(1)} of the machine's PostgreSQL`);
  }
  for (let i = 0; i < instanceCount; i++) apps.push(await startInstance({ name: `soak${i + 1}`, args, env }));
  // One app: this process reuses its embedded engine, through its data directory.
  db ??= await connectDatabase(loadConfig({ ...process.env, ...env, DATA_DIR: apps[0]!.dataDir }), createLogger('silent'));
}

async function stop(): Promise<void> {
  // This process's connection first: with one app, it uses that app's engine.
  await db?.close();
  await Promise.all(apps.map((a) => a.stop()));
  await fresh?.drop();
  rmSync(ownDir, { recursive: true, force: true });
}

async function main() {
  say(`${connections} connections for ${minutes} min on ${instanceCount} app(s)`);
  await start();
  const ports = apps.map((a) => a.port);
  const browser = (name: string | null) => new SpreadBrowser(ports, name, wrongIdentity);

  // Accounts, through the app's own database.
  await initCatalogue(path.join(ROOT, 'content'));
  const leaders = ['anim.soak1', 'anim.soak2'];
  const residents = Array.from({ length: Math.max(4, connections) }, (_, i) => `res.soak${i}`);
  const residentIds = [...(await createSiteWithAccounts({ site: 'Soak', leaders, residents, password: PASSWORD })).values()];

  const leaderClients = await Promise.all(
    leaders.map(async (u) => {
      const c = browser(`Anim ${u}`);
      await c.login(u, PASSWORD);
      return c;
    }),
  );
  // Residents' support records, made through the forms.
  const records: string[] = [];
  for (let i = 0; i < 10; i++) {
    const l = leaderClients[i % leaderClients.length]!;
    const res = await l.submit('/residents/nouveau', '/residents', {
      firstName: `Prénom${i}`,
      lastName: `Soak${i}`,
      birthYear: '1970',
      phone: '',
      email: '',
      building: 'A',
      entrance: '1',
      flat: String(10 + i),
      address: '1 rue de Kérourien, Brest',
      landlordRef: '',
    });
    const id = /^\/residents\/([a-f0-9]{24})/.exec(res.location ?? '')?.[1];
    if (!id) throw new Error(`cannot create a record: ${res.status}`);
    await l.submit(`/residents/${id}`, `/residents/${id}/notice`, { noticeDate: '2026-01-05' });
    records.push(id);
  }
  const exercises = catalogue().modules.flatMap((m) => m.exercises);

  // ---- the actions
  const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)]!;
  const actions: Record<string, (slot: number) => Promise<void>> = {
    async answer(slot) {
      const c = residentClients[slot % residentClients.length]!;
      const e = pick(exercises);
      const url = `/ateliers/${e.moduleId}/exercices/${e.id}`;
      const page = await c.get(url);
      note('answer-page', page.status, url);
      const submission = /name="submission" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const res = await c.post(url, {
        _csrf: token(page.text),
        submission,
        ...(Math.random() < 0.5 ? rightAnswer(e) : wrongAnswer(e)),
      });
      // A self-assessment is kept in the progress, not as a stored attempt: counted apart.
      note(e.type === 'auto-evaluation' ? 'self-assessment' : 'answer', res.status, url);
    },
    async record() {
      const c = pick(leaderClients);
      const url = `/residents/${pick(records)}`;
      note('record', (await c.get(url)).status, url);
    },
    async entry() {
      const c = pick(leaderClients);
      const url = `/residents/${pick(records)}/accompagnements/aide`;
      const form = await c.get(url);
      note('entry-form', form.status, url);
      const res = await c.post(url, {
        _csrf: token(form.text),
        submission: randomBytes(16).toString('hex'),
        date: '2026-11-20',
        durationMinutes: '30',
        place: 'domicile',
        notes: 'soak',
        themes: ['courriel'],
        autonomy: 'avec-aide',
        referral: '',
      });
      note('entry', res.status, url);
    },
    async check() {
      const url = `/verifier/KRN-${randomBytes(2).toString('hex').toUpperCase()}-7QX4`;
      note('check', (await browser(null).get(url)).status, url);
    },
    async login(slot) {
      const u = residents[slot % residents.length]!;
      const c = browser(`Res ${u}`);
      note('login', (await c.login(u, PASSWORD)).status, '/connexion');
      const home = await c.get('/');
      const out = await c.post('/deconnexion', { _csrf: token(home.text) });
      note('logout', out.status, '/deconnexion');
    },
    async wrongPassword() {
      note('wrong-password', (await browser(null).login('res.soak-unknown', 'not-the-password')).status, '/connexion');
    },
  };
  const mix = ['answer', 'answer', 'answer', 'record', 'record', 'entry', 'check', 'login', 'wrongPassword'];
  const residentClients = await Promise.all(
    residents.map(async (u) => {
      const c = browser(`Res ${u}`);
      await c.login(u, PASSWORD);
      return c;
    }),
  );

  const rss = (a: Instance) =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${a.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const warmUpUntil = Date.now() + Math.min(60_000, minutes * 60_000 * 0.2);
  const end = Date.now() + minutes * 60_000;
  let memStart: number[] = [];
  let lastReport = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, slot) => {
      while (Date.now() < end) {
        const action = pick(mix);
        try {
          await actions[action]!(slot);
        } catch (err) {
          note(action, 599, String((err as Error).message));
        }
        if (!memStart.length && Date.now() > warmUpUntil) memStart = apps.map(rss);
        if (slot === 0 && Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          const total = [...counts.values()].reduce((a, b) => a + b, 0);
          say(
            `${Math.round((end - Date.now()) / 1000)} s left; ${total} answers; ${serverErrors.length} 5xx; memory ${apps.map((a) => Math.round(rss(a))).join(' + ')} MB`,
          );
        }
      }
    }),
  );
  const memEnd = apps.map(rss);
  if (!memStart.length) memStart = memEnd;

  // ---- the end checks: what was acknowledged is stored, once; the statistics equal their rebuild
  const problems: string[] = [];
  const storedAttempts = await mongoose.connection
    .db!.collection('attempts')
    .countDocuments({ user: { $in: residentIds.map((id) => new mongoose.Types.ObjectId(id)) } });
  if (storedAttempts !== counted('answer 303'))
    problems.push(`answers: ${counted('answer 303')} acknowledged, ${storedAttempts} stored`);
  const storedEntries = await SupportEntry.countDocuments({});
  if (storedEntries !== counted('entry 303'))
    problems.push(`support entries: ${counted('entry 303')} acknowledged, ${storedEntries} stored`);
  const rebuild = await rebuildStatistics({ dryRun: true });
  for (const d of [...rebuild.counters.differences, ...rebuild.facts.differences].slice(0, 10))
    problems.push(`statistic differs from its rebuild: ${d}`);

  say('answers by action and status:');
  for (const [k, v] of [...counts].sort()) say(`  ${k.padEnd(24)} ${v}`);
  say(`wrong-identity answers: ${wrongIdentity.length}`);
  for (const w of wrongIdentity.slice(0, 10)) say(`  ${w}`);
  say(`5xx answers: ${serverErrors.length}`);
  for (const e of serverErrors.slice(0, 10)) say(`  ${e}`);
  say(
    `stored: ${storedAttempts} answers, ${storedEntries} support entries; statistics: ${rebuild.counters.checked} counters checked, ${rebuild.counters.differences.length + rebuild.facts.differences.length} difference(s)`,
  );
  for (const p of problems) say(`  ${p}`);
  // Memory: each app's resident set after warm-up and at the end.
  let growing = false;
  for (const [i, a] of apps.entries()) {
    const growth = memEnd[i]! - memStart[i]!;
    say(
      `${a.name} memory (RSS): ${Math.round(memStart[i]!)} MB after warm-up, ${Math.round(memEnd[i]!)} MB at the end (${growth >= 0 ? '+' : ''}${Math.round(growth)} MB)`,
    );
    if (memEnd[i]! > memStart[i]! * 1.5 + 50) growing = true;
  }
  if (serverErrors.length || wrongIdentity.length || growing || problems.length) {
    say(`FAILED${growing ? ': memory grew' : ''}`);
    process.exitCode = 1;
  } else say('OK: no 5xx, no wrong-identity answer, nothing lost, statistics equal their rebuild, memory stable');
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    for (const a of apps) process.stderr.write(`--- ${a.name}:\n${a.log().slice(-3000)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stop());
