/**
 * Two app instances on one database: the production server (`src/server.ts`) started
 * twice as child processes, each with its own FerretDB and data directory, on ONE fresh
 * database of the machine's PostgreSQL (127.0.0.1:5432, through POSTGRESQL_URL), as
 * behind a reverse proxy. Every client's requests alternate between the two. At once,
 * for the same residents: answers, validations, support entries, logins and wrong
 * passwords, public checks. Afterwards nothing is lost or doubled, every statistic
 * equals its rebuild, the login and check limits counted every attempt, and no page
 * was answered for the wrong account.
 *
 * Without the lock between processes (document-lock-postgresql.ts) this fails: the
 * statistics' counters and the progress lose updates, and more wrong passwords are checked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { rightAnswer } from '../../src/features/exercises/sample-answers.js';
import { getProgress } from '../../src/features/progress/index.js';
import { SupportEntry } from '../../src/features/residents/support-entry.model.js';
import { rebuildStatistics } from '../../src/features/statistics/index.js';
import { dayInBrest } from '../../src/features/validation/validation-rules.js';
import { catalogue, exerciseUrl, initCatalogue } from '../../src/features/workshops/index.js';
import { connectDatabase, type Database } from '../../src/platform/db.js';
import {
  createFreshDatabase,
  createSiteWithAccounts,
  SpreadBrowser,
  startInstance,
  type FreshDatabase,
  type Instance,
} from '../../scripts/app-instances.js';
import { configWith, logger, startDatabase, stopDatabase } from '../helpers/test-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'two-instances-2026';
const FAILURES_BEFORE_BLOCK = 5;
const VERIFY_LIMIT = 6;
describe('two app instances on one PostgreSQL database', function () {
  this.timeout(600_000);
  let fresh: FreshDatabase | undefined;
  let db: Database | undefined;
  const instances: Instance[] = [];
  const testDir = mkdtempSync(path.join(tmpdir(), 'kerourien-two-'));

  before(async function () {
    // This process leaves the test database for the fresh one, and comes back after.
    await stopDatabase();
    fresh = await createFreshDatabase('krn_two_instances');
    const url = fresh.url;
    // Three FerretDBs (this process's and the two apps') and their locks, within PostgreSQL's 100 connections.
    const pool = { ENGINE_PG_POOL_MAX: '15' };
    // This process first: it makes every collection and index, which each instance's
    // FerretDB then finds at its start (FerretDB 1.24 reads its catalogue once).
    db = await connectDatabase(configWith({ POSTGRESQL_URL: url, DATA_DIR: testDir, ...pool }), logger);
    await initCatalogue(path.join(ROOT, 'content'));
    const env = {
      POSTGRESQL_URL: url,
      ...pool,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: 'two-instances-secret-two-instances-secret',
      LOGIN_FAILURES_BEFORE_BLOCK: String(FAILURES_BEFORE_BLOCK),
      LOGIN_BLOCK: '10min',
      LOGIN_BLOCK_MAX: '10min',
      VERIFY_LIMIT: String(VERIFY_LIMIT),
    };
    const args = ['--import', 'tsx', path.join(ROOT, 'src/server.ts')];
    instances.push(...(await Promise.all(['one', 'two'].map((name) => startInstance({ name, args, env })))));
  });

  afterEach(function () {
    // What the instances said, when something went wrong.
    if (this.currentTest?.state !== 'failed') return;
    for (const i of instances) process.stderr.write(`--- ${i.name}:\n${i.log().slice(-4000)}\n`);
  });

  after(async function () {
    const codes = await Promise.all(instances.map((i) => i.stop()));
    await db?.close();
    await fresh?.drop();
    rmSync(testDir, { recursive: true, force: true });
    await startDatabase();
    expect(codes, 'both instances stopped cleanly').to.deep.equal(instances.map(() => 0));
  });

  it('loses and doubles nothing, keeps every count equal to its rebuild, and answers each page for its own account', async () => {
    const ports = instances.map((i) => i.port);
    const wrongIdentity: string[] = [];
    const browser = (name: string | null) => new SpreadBrowser(ports, name, wrongIdentity);
    const leaders = ['anim.un', 'anim.deux'];
    const residents = Array.from({ length: 4 }, (_, i) => `res.deux${i}`);
    const accounts = await createSiteWithAccounts({ site: 'Deux instances', leaders, residents, password: PASSWORD });
    const leaderBrowsers = leaders.map((u) => browser(`Anim ${u}`));
    for (const [i, b] of leaderBrowsers.entries()) expect((await b.login(leaders[i]!, PASSWORD)).status).to.equal(303);
    const residentBrowsers = residents.map((u) => browser(`Res ${u}`));
    for (const [i, b] of residentBrowsers.entries()) expect((await b.login(residents[i]!, PASSWORD)).status).to.equal(303);
    // Two support records, made through the form.
    const records: string[] = [];
    for (let i = 0; i < 2; i++) {
      const made = await leaderBrowsers[i]!.submit('/residents/nouveau', '/residents', {
        firstName: `Prénom${i}`,
        lastName: 'Deux',
        birthYear: '1960',
        phone: '',
        email: '',
        building: 'B',
        entrance: '1',
        flat: String(20 + i),
        address: '2 rue de Kérourien, Brest',
        landlordRef: '',
      });
      const id = /^\/residents\/([a-f0-9]{24})/.exec(made.location ?? '')?.[1];
      expect(id, `record ${i}: ${made.status}`).to.be.a('string');
      // The information notice given, as the record asks before any entry.
      await leaderBrowsers[i]!.submit(`/residents/${id}`, `/residents/${id}/notice`, { noticeDate: '2026-01-05' });
      records.push(id!);
    }

    const exercises = catalogue()
      .modules.flatMap((m) => m.exercises)
      .filter((e) => e.type !== 'auto-evaluation')
      .slice(0, 6);
    const skills = [...catalogue().skillById.keys()].slice(0, 6);
    const statuses = new Map<string, number[]>();
    const note = (what: string, status: number) => statuses.set(what, [...(statuses.get(what) ?? []), status]);

    // ---- all at once (about 90 requests: a hot key such as the check limit serialises
    // its requests across both instances, and must stay within the client's 30 s on a busy machine)
    const answers = residents.flatMap((u, r) =>
      exercises.map(async (e) => {
        const url = exerciseUrl(e.moduleId, e.id);
        const res = await residentBrowsers[r]!.submit(url, url, {
          submission: randomBytes(12).toString('hex'),
          ...rightAnswer(e),
        });
        note('answer', res.status);
      }),
    );
    // Two leaders validate the same skills of the first two residents.
    const validations = [0, 1].flatMap((r) =>
      skills.map(async (skill, s) => {
        const page = `/validation/residents/${accounts.get(residents[r]!)}`;
        const res = await leaderBrowsers[s % 2]!.submit(page, `${page}/competences`, {
          skill,
          method: 'atelier',
          level: 'seul',
          day: dayInBrest(new Date()),
          comment: '',
        });
        note('validation', res.status);
      }),
    );
    const ENTRIES = 16;
    const entries = Array.from({ length: ENTRIES }, async (_, i) => {
      const url = `/residents/${records[i % 2]}/accompagnements/aide`;
      const res = await leaderBrowsers[i % 2]!.submit(url, url, {
        submission: randomBytes(16).toString('hex'),
        date: '2026-11-20',
        durationMinutes: '30',
        place: 'domicile',
        notes: 'deux instances',
        themes: ['courriel'],
        autonomy: 'avec-aide',
        referral: '',
      });
      note('entry', res.status);
    });
    // The same residents log in again elsewhere (new browsers), meanwhile.
    const logins = residents.map(async (u) => {
      const b = browser(`Res ${u}`);
      note('login', (await b.login(u, PASSWORD)).status);
      note('home', (await b.get('/')).status);
    });
    const WRONG = 12;
    const wrongPasswords = Array.from({ length: WRONG }, async () =>
      note('wrong-password', (await browser(null).login('res.inconnu', 'pas-le-bon')).status),
    );
    const CHECKS = 16;
    const checks = Array.from({ length: CHECKS }, async () =>
      note('check', (await browser(null).get('/verifier/KRN-2222-2222')).status),
    );
    await Promise.all([...answers, ...validations, ...entries, ...logins, ...wrongPasswords, ...checks]);

    // Every check runs, and the failure lists them all: what was lost shows in one run.
    const problems: string[] = [];
    const same = (what: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        problems.push(`${what}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`);
    };
    const count = (what: string, status: number) => (statuses.get(what) ?? []).filter((s) => s === status).length;
    // An answer is acknowledged by the redirect to its result page.
    same('answers acknowledged', count('answer', 303), residents.length * exercises.length);
    same('validations', count('validation', 303), 2 * skills.length);
    same('support entries', count('entry', 303), ENTRIES);
    same('logins', count('login', 303) + count('home', 200), 2 * residents.length);
    // The username's counter let exactly FAILURES_BEFORE_BLOCK wrong passwords be checked.
    same('wrong passwords checked', count('wrong-password', 401), FAILURES_BEFORE_BLOCK);
    same('wrong passwords refused', count('wrong-password', 429), WRONG - FAILURES_BEFORE_BLOCK);
    same('public checks let through', count('check', 404), VERIFY_LIMIT);
    same('public checks refused', count('check', 429), CHECKS - VERIFY_LIMIT);
    same('pages for the wrong account', wrongIdentity, []);

    // ---- nothing lost or doubled
    const collection = (name: string) => mongoose.connection.db!.collection(name);
    for (const [u, id] of accounts) {
      const progress = await getProgress(id);
      const attempts = exercises.map((e) => progress.exercises[e.id]?.attempts ?? 0);
      same(
        `${u}: attempts in the progress`,
        attempts,
        exercises.map(() => 1),
      );
      const stored = await collection('attempts').countDocuments({ user: new mongoose.Types.ObjectId(id) });
      same(`${u}: attempts stored`, stored, exercises.length);
    }
    for (const r of [0, 1]) {
      const progress = await getProgress(accounts.get(residents[r]!)!);
      same(
        `${residents[r]}: skills not validated`,
        skills.filter((s) => !progress.skills[s]?.validation),
        [],
      );
    }
    same('support entries stored', await SupportEntry.countDocuments({}), ENTRIES);
    // The login limit per address: one point per wrong password checked, none left by the successes.
    const address = await collection('rate_limits').findOne({ key: { $regex: /^login-address:/ } });
    same('failures counted for the address', address?.points, FAILURES_BEFORE_BLOCK);

    // ---- every statistic equals what the activity log rebuilds
    const report = await rebuildStatistics({ dryRun: true });
    same('statistics counters checked', report.counters.checked > 0, true);
    same('statistics counters that differ from the rebuild', report.counters.differences, []);
    same('statistics facts that differ from the rebuild', report.facts.differences, []);
    expect(problems).to.deep.equal([]);
  });
});
