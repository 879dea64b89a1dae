/**
 * One owner of the embedded engine's data, and clean restarts: a lock left by a stopped
 * or killed app (or naming a process id given since to another program) is never
 * reused; a second app on the same DATA_DIR refuses to start, in French and English,
 * while a command-line task reuses the running engine; a restore right after a stop,
 * and a start right after a kill, just work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startEmbeddedEngine } from '../../src/platform/embedded-engine.js';
import { processStart } from '../../src/platform/engine-lock.js';
import { createLogger } from '../../src/platform/logger.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FAST = ['fsync=off', 'synchronous_commit=off'];
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** A process of ours (the server or a script), its output kept, its exit awaited. */
function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', SESSION_SECRET: 'ownership-secret-ownership-secret-1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('one owner of the embedded engine’s data, and clean restarts', function () {
  this.timeout(240_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'krn-owner-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at once after its owner was killed (kill -9), and ignores a lock naming a reused process id', async () => {
    const logger = createLogger('silent');
    const script = `
      import { startEmbeddedEngine } from ${JSON.stringify(path.resolve('src/platform/embedded-engine.ts'))};
      import { createLogger } from ${JSON.stringify(path.resolve('src/platform/logger.ts'))};
      const engine = await startEmbeddedEngine({ dataDir: ${JSON.stringify(dir)}, postgresqlSettings: ${JSON.stringify(FAST)}, logger: createLogger('silent'), exclusive: true, dbName: 'own' });
      const { MongoClient } = await import('mongodb');
      const client = await MongoClient.connect(engine.uri);
      await client.db().collection('things').insertOne({ _id: 'before-the-kill', n: 1 });
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const first = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      first.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      first.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    // Right away: the launcher and PostgreSQL of the killed app are still stopping.
    let engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger, exclusive: true, dbName: 'own' });
    expect(engine.owned).to.equal(true);
    let client = await MongoClient.connect(engine.uri);
    expect(
      await client
        .db()
        .collection('things')
        .findOne({ _id: 'before-the-kill' as never }),
    ).to.deep.include({ n: 1 });
    await client.close();
    await engine.stop();

    // A lock whose owner and launcher ids now belong to other processes (this one, started
    // at another time): not an engine of ours, so not a reason to refuse.
    writeFileSync(
      path.join(dir, 'engine.json'),
      JSON.stringify({
        owner: process.pid,
        ownerStart: String(Number(processStart(process.pid)) - 1),
        pid: process.ppid,
        launcherStart: '1',
        socket: path.join(dir, 'engine.sock'),
        dataDir: dir,
      }),
    );
    engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger, exclusive: true, dbName: 'own' });
    expect(engine.owned).to.equal(true);
    client = await MongoClient.connect(engine.uri);
    expect(await client.db().collection('things').countDocuments()).to.equal(1);
    await client.close();
    await engine.stop();
  });

  it('on an external PostgreSQL (several instances on purpose), each process runs its own FerretDB on one DATA_DIR', async () => {
    const logger = createLogger('silent');
    const postgresqlUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
    const dbName = `owner_${process.pid}_${Date.now().toString(36)}`;
    const a = await startEmbeddedEngine({ dataDir: dir, postgresqlUrl, logger, dbName, exclusive: true });
    const b = await startEmbeddedEngine({ dataDir: dir, postgresqlUrl, logger, dbName, exclusive: true });
    try {
      expect([a.owned, b.owned]).to.deep.equal([true, true]);
      expect(a.uri).to.not.equal(b.uri);
      const ca = await MongoClient.connect(a.uri);
      const cb = await MongoClient.connect(b.uri);
      await ca.db().collection('shared').insertOne({ from: 'a' });
      expect(await cb.db().collection('shared').findOne({ from: 'a' })).to.not.equal(null);
      await cb.db().dropDatabase();
      await ca.close();
      await cb.close();
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.sock'))).to.deep.equal([]);
  });

  it('the app: a second start refuses (French and English), a task reuses it, restore right after a stop, start right after a kill', async () => {
    const env = { DATA_DIR: dir, HOST: '127.0.0.1' };
    const started: ChildProcess[] = [];
    const startApp = async () => {
      const port = await freePort();
      const app = run([path.join(ROOT, 'src/server.ts')], { ...env, PORT: String(port) });
      started.push(app.child);
      for (let i = 0; ; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return app;
        if (i > 480 || app.child.exitCode !== null) throw new Error(`the app did not start:\n${app.output()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    try {
      const first = await startApp();

      // A second app on the same data: refused, with a message in both languages.
      const second = run([path.join(ROOT, 'src/server.ts')], { ...env, PORT: String(await freePort()) });
      expect(await second.exited, second.output()).to.equal(1);
      expect(second.output())
        .to.include('Kérourien tourne déjà sur ce dossier de données')
        .and.include('Kérourien is already running on this data folder')
        .and.include('POSTGRESQL_URL ou MONGODB_URI');

      // A task (the backup) reuses the running engine.
      const file = path.join(dir, 'manual.jsonl.gz');
      const backup = run([path.join(ROOT, 'scripts/backup.ts'), file], env);
      expect(await backup.exited, backup.output()).to.equal(0);

      // A restore refuses while the app runs on these data.
      const early = run([path.join(ROOT, 'scripts/restore.ts'), file, '--force'], env);
      expect(await early.exited, early.output()).to.equal(1);
      expect(early.output()).to.include('The app is running on these data');

      // Stop, then restore at once.
      first.child.kill('SIGTERM');
      expect(await first.exited, first.output()).to.equal(0);
      const restore = run([path.join(ROOT, 'scripts/restore.ts'), file, '--force'], env);
      expect(await restore.exited, restore.output()).to.equal(0);
      expect(restore.output()).to.include('Restauration terminée');

      // Start, kill -9, start again at once.
      const third = await startApp();
      third.child.kill('SIGKILL');
      await third.exited;
      const fourth = await startApp();
      fourth.child.kill('SIGTERM');
      expect(await fourth.exited, fourth.output()).to.equal(0);
      expect(() => readFileSync(path.join(dir, 'engine.json')), 'lock removed at a clean stop').to.throw();
    } finally {
      for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
  });
});
