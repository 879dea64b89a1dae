/**
 * `npm run soak -- --minutes 30 [--connections 20]`: the app as it runs in production
 * (built first, then `node dist/server.js`, a child process on its own data directory,
 * with the intervals of its configuration) under mixed traffic: answers, record reads, support entries,
 * public checks, logins and wrong passwords. Prints the answers by action and status,
 * the answers given for the wrong account, and the app's memory at start and end.
 * Fails on any 5xx, any wrong-identity answer, or memory that keeps growing.
 * Shorten the app's intervals through its environment (see README) to run them often.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureAccount } from '../src/features/accounts/index.js';
import { findOrCreateSite } from '../src/features/sites/index.js';
import { catalogue, initCatalogue } from '../src/features/workshops/index.js';
import { rightAnswer, wrongAnswer } from '../src/features/exercises/sample-answers.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { Client } from '../bench/http-client.js';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '30' }, connections: { type: 'string', default: '20' } },
});
const minutes = Number(values.minutes);
const connections = Number(values.connections);
if (!(minutes > 0) || !(connections > 0)) {
  process.stderr.write('Usage : npm run soak -- --minutes 30 [--connections 20]\n');
  process.exit(2);
}

const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'soak-password-2026';
const dataDir = mkdtempSync(path.join(tmpdir(), 'kerourien-soak-'));
const say = (msg: string) => process.stdout.write(`[soak] ${msg}\n`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

// ---- the bench's HTTP client (cookies kept, bytes counted), plus forms and a login that may fail
class SoakClient extends Client {
  constructor(
    port: number,
    readonly name: string | null,
  ) {
    super(port);
  }
  post(url: string, form: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return this.request('POST', url, { body: body.toString() });
  }
  /** Unlike Client.login, answers the status: wrong passwords are part of the traffic. */
  async tryLogin(username: string, password = PASSWORD) {
    const page = await this.get('/connexion');
    return this.post('/connexion', { _csrf: token(page.text), username, password });
  }
}
const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

// ---- results
const counts = new Map<string, number>();
const wrongIdentity: string[] = [];
const serverErrors: string[] = [];
function note(action: string, status: number, url: string) {
  counts.set(`${action} ${status}`, (counts.get(`${action} ${status}`) ?? 0) + 1);
  if (status >= 500) serverErrors.push(`${action} ${status} ${url}`);
}
/** A logged-in page names who is signed in: it must be the client's own account. */
function checkIdentity(c: SoakClient, action: string, html: string) {
  const who = /<p class="who">([^<]*)<\/p>/.exec(html)?.[1];
  if (c.name && who !== undefined && !who.includes(c.name)) wrongIdentity.push(`${action}: ${c.name} saw "${who}"`);
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  say(`data in ${dataDir}; ${connections} connections for ${minutes} min`);
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  // The compiled app, as `npm start` runs it, built from the sources as they are now.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const app = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'dist/server.js')], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let appLog = '';
  app.stderr.on('data', (d: Buffer) => (appLog = (appLog + d.toString()).slice(-20_000)));
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 240 || app.exitCode !== null) throw new Error(`the app did not start:\n${appLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  // Accounts, through the app's own database (this process reuses its engine).
  const config = loadConfig({ ...env });
  const db = await connectDatabase(config, createLogger('silent'));
  await initCatalogue(path.join(ROOT, 'content'));
  const site = await findOrCreateSite({ name: 'Soak' });
  const leaders = ['anim.soak1', 'anim.soak2'];
  const residents = Array.from({ length: Math.max(4, connections) }, (_, i) => `res.soak${i}`);
  for (const u of leaders)
    await ensureAccount({ username: u, password: PASSWORD, role: 'leader', displayName: `Anim ${u}`, siteId: site.id });
  for (const u of residents)
    await ensureAccount({ username: u, password: PASSWORD, role: 'resident', displayName: `Res ${u}`, siteId: site.id });
  await db.close();

  const leaderClients = await Promise.all(
    leaders.map(async (u) => {
      const c = new SoakClient(port, `Anim ${u}`);
      await c.tryLogin(u);
      return c;
    }),
  );
  // Residents' support records, made through the forms.
  const records: string[] = [];
  for (let i = 0; i < 10; i++) {
    const l = leaderClients[i % leaderClients.length]!;
    const form = await l.get('/residents/nouveau');
    const res = await l.post('/residents', {
      _csrf: token(form.text),
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
    const page = await l.get(`/residents/${id}`);
    await l.post(`/residents/${id}/notice`, { _csrf: token(page.text), noticeDate: '2026-01-05' });
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
      checkIdentity(c, 'answer-page', page.text);
      const submission = /name="submission" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const res = await c.post(url, {
        _csrf: token(page.text),
        submission,
        ...(Math.random() < 0.5 ? rightAnswer(e) : wrongAnswer(e)),
      });
      note('answer', res.status, url);
      checkIdentity(c, 'answer', res.text);
    },
    async record() {
      const c = pick(leaderClients);
      const url = `/residents/${pick(records)}`;
      const res = await c.get(url);
      note('record', res.status, url);
      checkIdentity(c, 'record', res.text);
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
      const c = new SoakClient(port, null);
      const url = `/verifier/KRN-${randomBytes(2).toString('hex').toUpperCase()}-7QX4`;
      note('check', (await c.get(url)).status, url);
    },
    async login(slot) {
      const c = new SoakClient(port, null);
      const u = residents[slot % residents.length]!;
      const res = await c.tryLogin(u);
      note('login', res.status, '/connexion');
      const home = await c.get('/');
      if (home.text.includes('class="who"') && !home.text.includes(`Res ${u}`))
        wrongIdentity.push(`login: ${u} saw another account`);
      const out = await c.post('/deconnexion', { _csrf: token(home.text) });
      note('logout', out.status, '/deconnexion');
    },
    async wrongPassword() {
      const c = new SoakClient(port, null);
      note('wrong-password', (await c.tryLogin('res.soak-unknown', 'not-the-password')).status, '/connexion');
    },
  };
  const mix = ['answer', 'answer', 'answer', 'record', 'record', 'entry', 'check', 'login', 'wrongPassword'];
  const residentClients = await Promise.all(
    residents.map(async (u) => {
      const c = new SoakClient(port, `Res ${u}`);
      await c.tryLogin(u);
      return c;
    }),
  );

  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const warmUpUntil = Date.now() + Math.min(60_000, minutes * 60_000 * 0.2);
  const end = Date.now() + minutes * 60_000;
  let memStart = 0;
  const samples: number[] = [];
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
        if (!memStart && Date.now() > warmUpUntil) memStart = rss();
        if (slot === 0 && Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          samples.push(rss());
          const total = [...counts.values()].reduce((a, b) => a + b, 0);
          say(
            `${Math.round((end - Date.now()) / 1000)} s left; ${total} answers; ${serverErrors.length} 5xx; memory ${Math.round(samples.at(-1)!)} MB`,
          );
        }
      }
    }),
  );
  const memEnd = rss();
  app.kill('SIGTERM');
  await new Promise((r) => app.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });

  say('answers by action and status:');
  for (const [k, v] of [...counts].sort()) say(`  ${k.padEnd(24)} ${v}`);
  say(`wrong-identity answers: ${wrongIdentity.length}`);
  for (const w of wrongIdentity.slice(0, 10)) say(`  ${w}`);
  say(`5xx answers: ${serverErrors.length}`);
  for (const e of serverErrors.slice(0, 10)) say(`  ${e}`);
  // Memory: the app's resident set after warm-up and at the end.
  const growth = memEnd - memStart;
  say(
    `app memory (RSS): ${Math.round(memStart)} MB after warm-up, ${Math.round(memEnd)} MB at the end (${growth >= 0 ? '+' : ''}${Math.round(growth)} MB)`,
  );
  const growing = memEnd > memStart * 1.5 + 50;
  if (serverErrors.length || wrongIdentity.length || growing) {
    say(`FAILED${growing ? ': memory grew' : ''}`);
    process.exitCode = 1;
  } else say('OK: no 5xx, no wrong-identity answer, memory stable');
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
