import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { MongoClient, GridFSBucket } from 'mongodb';
import pg from 'pg';
import { startEmbeddedEngine, startSqliteReader } from '../../src/platform/embedded-engine.js';
import { createLogger } from '../../src/platform/logger.js';
import { postgresqlUrlOf } from '../../src/platform/db.js';
import { migrateSqliteData } from '../../src/platform/sqlite-migration.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Process ids of the PostgreSQL servers running on a data directory. */
const postgresOn = (dir: string) =>
  spawnSync('pgrep', ['-f', '--', `-D ${path.join(dir, 'pg')}`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);

const FAST = ['fsync=off', 'synchronous_commit=off'];

describe('embedded database engine (FerretDB on its own PostgreSQL)', function () {
  this.timeout(90_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'krn-engine-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never outlives a crashed app: launcher and PostgreSQL stop when the app is killed', async () => {
    // A child Node process starts the engine, prints "ready", then is killed with SIGKILL.
    const script = `
      import { startEmbeddedEngine } from ${JSON.stringify(path.resolve('src/platform/embedded-engine.ts'))};
      import { createLogger } from ${JSON.stringify(path.resolve('src/platform/logger.ts'))};
      await startEmbeddedEngine({ dataDir: ${JSON.stringify(dir)}, postgresqlSettings: ${JSON.stringify(FAST)}, logger: createLogger('silent') });
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const lock = JSON.parse(readFileSync(path.join(dir, 'engine.json'), 'utf8')) as { pid: number };
    const running = { launcher: alive(lock.pid), postgresql: postgresOn(dir).length };
    child.kill('SIGKILL');
    expect(running.launcher).to.equal(true);
    expect(running.postgresql, 'PostgreSQL running').to.be.greaterThan(0);
    const deadline = Date.now() + 30_000;
    while ((alive(lock.pid) || postgresOn(dir).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(alive(lock.pid), 'launcher still running after its parent died').to.equal(false);
    expect(postgresOn(dir), 'PostgreSQL still running after the app died').to.deep.equal([]);
  });

  it('answers only its owner: a Unix socket in an owner-only folder, no TCP port, every file 0600', async () => {
    const engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger: createLogger('silent') });
    const socket = path.join(dir, 'engine.sock');
    try {
      expect(engine.uri).to.equal(`mongodb://${encodeURIComponent(socket)}/kerourien`);
      const client = await MongoClient.connect(engine.uri);
      await client.db().collection('secrets').insertOne({ phone: '06 00 00 00 00' });
      await client.close();

      // No TCP listener in the launcher (FerretDB); PostgreSQL's asks for its password.
      const listening = spawnSync('ss', ['-Hltnp'], { encoding: 'utf8' }).stdout;
      expect(listening).to.not.include(`pid=${engine.pid},`);

      const mode = (f: string) => (statSync(f).mode & 0o777).toString(8);
      expect(statSync(socket).isSocket()).to.equal(true);
      expect(mode(socket)).to.equal('600');
      for (const f of ['engine.json', 'pg-password', 'ferretdb.log']) expect(mode(path.join(dir, f)), f).to.equal('600');
      // As root, PostgreSQL (the user postgres) may pass through, and nobody else.
      const root = process.getuid?.() === 0;
      expect(mode(dir)).to.equal(root ? '710' : '700');

      if (root) {
        // Another account of the machine: cannot connect, cannot read the password.
        const probe = `
          const net = require('node:net'), fs = require('node:fs');
          let read = 'read';
          try { fs.readFileSync(${JSON.stringify(path.join(dir, 'pg-password'))}); } catch (e) { read = e.code; }
          net.connect(${JSON.stringify(socket)})
            .on('connect', () => { console.log('connected ' + read); process.exit(0); })
            .on('error', (e) => { console.log(e.code + ' ' + read); process.exit(0); });`;
        const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', probe], { encoding: 'utf8' });
        expect(r.stdout.trim(), r.stderr).to.equal('EACCES EACCES');
      }
    } finally {
      await engine.stop();
    }
    expect(existsSync(socket), 'socket removed at stop').to.equal(false);
  });

  it('refuses a data folder whose socket path would be too long, with a clear message', async () => {
    const deep = path.join(dir, 'x'.repeat(100));
    let error: Error | undefined;
    await startEmbeddedEngine({ dataDir: deep, logger: createLogger('silent') }).catch((e: Error) => (error = e));
    expect(error?.message)
      .to.match(/trop long/)
      .and.match(/too long/)
      .and.include('DATA_DIR=');
  });

  it('a Ctrl-C (SIGINT to the whole process group) reaches the app, not its engine, which answers until the app stops it', async () => {
    const script = `
      import { startEmbeddedEngine } from ${JSON.stringify(path.resolve('src/platform/embedded-engine.ts'))};
      import { createLogger } from ${JSON.stringify(path.resolve('src/platform/logger.ts'))};
      import { MongoClient } from 'mongodb';
      const engine = await startEmbeddedEngine({ dataDir: ${JSON.stringify(dir)}, postgresqlSettings: ${JSON.stringify(FAST)}, logger: createLogger('silent'), restartDelayMs: 60000 });
      const client = await MongoClient.connect(engine.uri, { serverSelectionTimeoutMS: 1000 });
      process.on('SIGINT', async () => {
        // The app finishing its requests after the Ctrl-C.
        await new Promise((r) => setTimeout(r, 1500));
        // A new connection, as the driver's pool opens under load: the listener must be open.
        const fresh = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 1000 });
        const answer = await fresh.db('x').command({ ping: 1 }).then(() => 'answering', () => 'gone');
        await fresh.close();
        console.log(answer);
        await client.close();
        await engine.stop();
        process.exit(0);
      });
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    // A terminal's foreground job: its own process group, which a Ctrl-C signals whole.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => (out += d.toString()).includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    expect(out).to.include('answering');
    expect(postgresOn(dir)).to.deep.equal([]);
  });

  it('stops PostgreSQL even when the launcher itself is killed', async () => {
    const engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger: createLogger('silent') });
    expect(postgresOn(dir)).to.have.length.greaterThan(0);
    process.kill(engine.pid!, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (postgresOn(dir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(postgresOn(dir), 'PostgreSQL outlived its launcher').to.deep.equal([]);
    await engine.stop();
  });

  it('indexes `_id` and every declared field with GIN, keeps custom plans, and caps its PostgreSQL connections', async () => {
    const engine = await startEmbeddedEngine({
      dataDir: dir,
      postgresqlSettings: FAST,
      logger: createLogger('silent'),
      dbName: 'gin',
      pgPoolMax: 4,
    });
    const client = await MongoClient.connect(engine.uri);
    try {
      const attempts = client.db().collection('attempts');
      await attempts.insertMany(Array.from({ length: 50 }, (_, i) => ({ user: `u${i % 5}`, n: i })));
      await attempts.createIndex({ user: 1, n: -1 });
      const log = () => readFileSync(path.join(dir, 'ferretdb.log'), 'utf8');
      const deadline = Date.now() + 30_000;
      while (!/field index ready: gin\.attempts_\w+\.n\b/.test(log()) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 300));
      expect(log())
        .to.match(/field index ready: gin\.attempts_\w+\._id\b/)
        .and.match(/field index ready: gin\.attempts_\w+\.user\b/)
        .and.match(/field index ready: gin\.attempts_\w+\.n\b/);
      // `_id` first: every update goes by `_id`.
      expect(log().indexOf('._id')).to.be.lessThan(log().indexOf('.user'));

      // Thirty lookups at once share at most four PostgreSQL connections.
      const ids = (await attempts.find().toArray()).map((d) => d._id);
      await Promise.all(ids.slice(0, 30).map((_id) => attempts.findOne({ _id })));

      const table = /field index ready: gin\.(attempts_\w+)\.user/.exec(log())![1]!;
      const pgc = new pg.Client({ connectionString: postgresqlUrlOf({ DATA_DIR: dir }) });
      await pgc.connect();
      try {
        const ferretdb = await pgc.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'FerretDB'`);
        expect(ferretdb.rows[0].n).to.be.within(1, 4);

        // Custom plans for every client of the database, not only FerretDB's connections.
        expect((await pgc.query('SHOW plan_cache_mode')).rows[0].plan_cache_mode).to.equal('force_custom_plan');

        // What FerretDB prepares for findOne({ _id }) and find({ user }): the field is a
        // parameter. Run more than five times (when PostgreSQL may switch to a generic
        // plan, which cannot use an expression index on `_jsonb->'_id'`), then planned.
        await pgc.query('SET enable_seqscan = off');
        await pgc.query(`PREPARE lookup(text, jsonb) AS SELECT _jsonb FROM gin.${table} WHERE _jsonb->$1 @> $2`);
        const id = JSON.stringify(ids[7]!.toHexString()); // FerretDB stores an ObjectId as its hex string
        for (const [field, value] of [
          ['_id', id],
          ['user', '"u1"'],
        ]) {
          for (let i = 0; i < 10; i++) await pgc.query(`EXECUTE lookup('${field}', '${value}')`);
          const plan = await pgc.query(`EXPLAIN EXECUTE lookup('${field}', '${value}')`);
          expect(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'), field).to.match(
            /Bitmap Index Scan on krn_gin_/,
          );
        }
        // And the lookup finds the document FerretDB stored (so the test looked at the right shape).
        const found = await pgc.query(`EXECUTE lookup('_id', '${id}')`);
        expect(found.rowCount).to.equal(1);
      } finally {
        await pgc.end();
      }
    } finally {
      await client.close();
      await engine.stop();
    }
  });

  it('stops cleanly: stop() returns once PostgreSQL has shut down; the launcher’s log is owner-only', async () => {
    const engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger: createLogger('silent') });
    await engine.stop();
    expect(existsSync(path.join(dir, 'pg', 'postmaster.pid')), 'PostgreSQL removed its pid file').to.equal(false);
    expect(postgresOn(dir)).to.deep.equal([]);
    const logFile = path.join(dir, 'ferretdb.log');
    const log = readFileSync(logFile, 'utf8');
    expect(log).to.include('database system is shut down');
    expect(log.indexOf('database system is shut down')).to.be.lessThan(log.lastIndexOf('ferretdb-launcher: stopped'));
    expect((statSync(logFile).mode & 0o777).toString(8)).to.equal('600');
  });

  it('keeps data across restarts, with a generated password kept in the data dir', async () => {
    const logger = createLogger('silent');
    let engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger, dbName: 'keep' });
    let client = await MongoClient.connect(engine.uri);
    await client
      .db()
      .collection('things')
      .insertOne({ _id: 'a' as never, n: 1 });
    await client.close();
    await engine.stop();
    expect(postgresOn(dir)).to.deep.equal([]);
    expect(readFileSync(path.join(dir, 'pg-password'), 'utf8').trim()).to.match(/^[0-9a-f]{48}$/);

    engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger, dbName: 'keep' });
    client = await MongoClient.connect(engine.uri);
    try {
      expect(
        await client
          .db()
          .collection('things')
          .findOne({ _id: 'a' as never }),
      ).to.deep.include({ n: 1 });
    } finally {
      await client.close();
      await engine.stop();
    }
  });

  it('reuses the engine running on a data directory, but a copy of the directory does not follow it', async () => {
    const logger = createLogger('silent');
    const first = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger });
    const copy = mkdtempSync(path.join(tmpdir(), 'krn-engine-copy-'));
    try {
      const second = await startEmbeddedEngine({ dataDir: dir, logger });
      expect(second.owned).to.equal(false);
      expect(second.uri).to.equal(first.uri);
      // What `cp -r data copy` would carry: the lock of the live engine.
      spawnSync('cp', [path.join(dir, 'engine.json'), copy]);
      const other = await startEmbeddedEngine({ dataDir: copy, postgresqlSettings: FAST, logger });
      expect(other.owned).to.equal(true);
      expect(other.uri).to.not.equal(first.uri);
      await other.stop();
    } finally {
      await first.stop();
      rmSync(copy, { recursive: true, force: true });
    }
    expect(existsSync(path.join(dir, 'engine.json'))).to.equal(false);
  });

  it('copies the SQLite database of the previous version once, GridFS files included, and checks the counts', async () => {
    // Make a database as the previous version did: FerretDB on SQLite in DATA_DIR/db.
    const sqliteDir = path.join(dir, 'db');
    mkdirSync(sqliteDir);
    const old = await startSqliteReader(sqliteDir, path.join(dir, 'old.log'));
    let client = await MongoClient.connect(old.uri);
    const users = Array.from({ length: 2500 }, (_, i) => ({ username: `u${i}`, n: i }));
    await client.db('kerourien').collection('users').insertMany(users);
    await client
      .db('kerourien')
      .collection('progress')
      .insertOne({ skills: { 'allumer-ordinateur': { self: 'seul' } } });
    const file = Buffer.alloc(600_000, 7);
    await new Promise<void>((resolve, reject) => {
      new GridFSBucket(client.db('kerourien'), { bucketName: 'attachments' })
        .openUploadStream('scan.pdf')
        .on('finish', () => resolve())
        .on('error', reject)
        .end(file);
    });
    await client.close();
    await old.stop();

    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    // What connectDatabase does at the first start: engine, then the copy.
    const engine = await startEmbeddedEngine({ dataDir: dir, postgresqlSettings: FAST, logger });
    const base = engine.uri.replace(/\/[^/]*$/, '/');
    try {
      const copies = await migrateSqliteData(dir, base, logger);
      expect(copies?.find((c) => c.collection === 'users')).to.include({ source: 2500, target: 2500 });
      client = await MongoClient.connect(base);
      const mdb = client.db('kerourien');
      expect(await mdb.collection('users').countDocuments()).to.equal(2500);
      expect(await mdb.collection('progress').findOne()).to.have.nested.property('skills.allumer-ordinateur.self');
      const chunks: Buffer[] = [];
      for await (const c of new GridFSBucket(mdb, { bucketName: 'attachments' }).openDownloadStreamByName('scan.pdf'))
        chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(file)).to.equal(true);
      await client.close();
      const log = lines.join('');
      expect(log).to.include('counts checked').and.include('"documents":');
      expect(existsSync(sqliteDir), 'old folder renamed').to.equal(false);
      expect(readdirSync(dir).some((f) => f.startsWith('db-sqlite-copied-'))).to.equal(true);
      // A second start finds no old database: nothing is copied again.
      expect(await migrateSqliteData(dir, base, logger)).to.equal(null);
    } finally {
      await engine.stop();
    }
  });
});
