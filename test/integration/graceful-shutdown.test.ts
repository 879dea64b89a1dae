/**
 * Graceful shutdown under load: the app as it runs in production (`src/server.ts`, a
 * child process) gets SIGTERM while residents' answers keep arriving. It stops taking
 * new requests, finishes those in flight, and exits 0; every answer it acknowledged is
 * in the database once, and the progress record agrees with the stored attempts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { ensureAccount } from '../../src/features/accounts/index.js';
import { rightAnswer } from '../../src/features/exercises/sample-answers.js';
import { getProgress } from '../../src/features/progress/index.js';
import { catalogue, initCatalogue } from '../../src/features/workshops/index.js';
import { Client } from '../../bench/http-client.js';
import { freePort, startInstance } from '../../scripts/app-instances.js';
import { clearDatabase, testDatabaseUri } from '../helpers/test-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'shutdown-password-2026';
/** The environment without a database setting: the app runs its own embedded engine. */
const withoutDatabase = ({ MONGODB_URI: _m, POSTGRESQL_URL: _p, ...env }: NodeJS.ProcessEnv) => env;
/** The production server (`src/server.ts`) as a child process, once /healthz answers. */
const startServer = (port: number, env: NodeJS.ProcessEnv, opts: { detached?: boolean; tries?: number } = {}) =>
  startInstance({
    name: 'shutdown',
    args: ['--import', 'tsx', path.join(ROOT, 'src/server.ts')],
    env: { ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
    port,
    dataDir: env.DATA_DIR,
    ...opts,
  }).then(({ child, exited, log }) => ({ app: child, exited, log }));

const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('graceful shutdown under load (the production server, real engine)', function () {
  this.timeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kerourien-shutdown-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes the answers in flight, exits 0, and loses none it acknowledged', async () => {
    await clearDatabase();
    await initCatalogue(path.join(ROOT, 'content'));
    const { user } = await ensureAccount({
      username: 'res.arret',
      password: PASSWORD,
      role: 'resident',
      displayName: 'Res Arrêt',
    });
    const port = await freePort();
    // The app shares this run's database, so the test reads what it wrote.
    const { app, exited, log } = await startServer(port, {
      MONGODB_URI: testDatabaseUri(),
      DATA_DIR: dataDir,
      SESSION_SECRET: 'shutdown-secret-shutdown-secret-123',
    });

    const client = new Client(port);
    const login = await client.request('GET', '/connexion');
    await client.request('POST', '/connexion', {
      body: new URLSearchParams({ _csrf: token(login.text), username: 'res.arret', password: PASSWORD }).toString(),
    });
    const home = await client.request('GET', '/ateliers');
    expect(home.status).to.equal(200);
    const csrf = token(home.text);

    const exercises = catalogue()
      .modules.flatMap((m) => m.exercises)
      .filter((e) => e.type !== 'auto-evaluation');
    const acknowledged: { exercise: string; submission: string }[] = [];
    const refused: string[] = [];
    let sigtermAt = 0;
    let next = 0;
    const send = async () => {
      for (;;) {
        const e = exercises[next++ % exercises.length]!;
        const submission = randomBytes(12).toString('hex');
        const body = new URLSearchParams({ _csrf: csrf, submission });
        for (const [k, v] of Object.entries(rightAnswer(e))) for (const one of [v].flat()) body.append(k, one);
        const res = await client
          .request('POST', `/ateliers/${e.moduleId}/exercices/${e.id}`, { body: body.toString() })
          .catch((err: unknown) => ({ status: 0, text: String(err) }));
        if (res.status === 303) {
          acknowledged.push({ exercise: e.id, submission });
        } else if (res.status === 0) {
          refused.push(res.text);
          return; // the server has stopped listening
        } else throw new Error(`unexpected status ${res.status}`);
        if (!sigtermAt && acknowledged.length >= 20) {
          sigtermAt = Date.now();
          app.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, send));
    const code = await exited;

    expect(code, log()).to.equal(0);
    expect(Date.now() - sigtermAt, 'stopped before connections are cut (30 s)').to.be.lessThan(30_000);
    expect(log(), 'no connection was cut').to.not.include('connections cut');
    expect(refused.length, 'requests after the stop were refused, not lost silently').to.be.greaterThan(0);
    // Every acknowledged answer is stored once, and the progress record counts each.
    const stored = await mongoose.connection
      .db!.collection('attempts')
      .find({ user: new mongoose.Types.ObjectId(user.id) })
      .toArray();
    const submissions = stored.map((a) => String(a.submission));
    expect(new Set(submissions).size, 'no attempt twice').to.equal(submissions.length);
    const missing = acknowledged.filter((a) => !submissions.includes(a.submission));
    expect(missing, 'acknowledged and not stored').to.deep.equal([]);
    const progress = await getProgress(user.id);
    const perExercise = new Map<string, number>();
    for (const a of stored) perExercise.set(String(a.exercise), (perExercise.get(String(a.exercise)) ?? 0) + 1);
    for (const [exercise, n] of perExercise) expect(progress.exercises[exercise]?.attempts, exercise).to.equal(n);
    expect(acknowledged.length).to.be.at.least(20);
  });

  it("on a Ctrl-C to its process group, stops the app first, then the engine, whose log keeps why and PostgreSQL's last lines", async () => {
    const ownData = mkdtempSync(path.join(tmpdir(), 'krn-ctrlc-'));
    try {
      const port = await freePort();
      // Its own process group, as a terminal gives a command: the Ctrl-C goes to the group.
      const { app, exited, log } = await startServer(
        port,
        { ...withoutDatabase(process.env), DATA_DIR: ownData },
        { detached: true, tries: 480 },
      );
      process.kill(-app.pid!, 'SIGINT');
      expect(await exited, log()).to.equal(0);
      const engineLog = readFileSync(path.join(ownData, 'ferretdb.log'), 'utf8');
      // The launcher was not interrupted by the Ctrl-C: the app stopped it (SIGTERM) when done.
      expect(engineLog).to.match(/ferretdb-launcher: stopped \(signal terminated\)\s*$/);
      expect(engineLog).not.to.include('signal interrupt');
      expect(engineLog).to.match(/postgresql: .*database system is shut down/);
    } finally {
      rmSync(ownData, { recursive: true, force: true });
    }
  });
});
