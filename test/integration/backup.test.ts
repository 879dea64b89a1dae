import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Binary, BSON, Double, GridFSBucket, Int32, Long, ObjectId, type Db } from 'mongodb';
import mongoose from 'mongoose';
import { loadConfig, ROOT_DIR } from '../../src/config.js';
import { findSessionUser } from '../../src/features/accounts/index.js';
import { DEMO_SITE, seedDemoAccounts } from '../../src/features/accounts/accounts.demo.js';
import { seedDemoOrganisation } from '../../src/features/sites/sites.demo.js';
import { addAttachments } from '../../src/features/residents/attachment.service.js';
import { seedDemoResidents } from '../../src/features/residents/residents.demo.js';
import { seedDemoSessions } from '../../src/features/sessions/sessions.demo.js';
import { seedDemoValidations } from '../../src/features/validation/validation.demo.js';
import { seedDemoCertificates } from '../../src/features/certificates/certificates.demo.js';
import { seedDemoProgress } from '../../src/features/workshops/workshops.demo.js';
import { initCatalogue } from '../../src/features/workshops/index.js';
import {
  BackupError,
  backupFileOpener,
  dailyBackupName,
  restoreBackup,
  verifyBackup,
  writeBackupFile,
} from '../../src/platform/backup.js';
import { featureJobs } from '../../src/jobs.js';
import { startMaintenance } from '../../src/platform/maintenance.js';
import { clearDatabase, getApp, logger, withTestSchemaLock } from '../helpers/test-env.js';

const { EJSON } = BSON;
// The steps of scripts/seed-demo.ts, in its order.
const DEMO_STEPS = [
  seedDemoAccounts,
  () => seedDemoOrganisation(DEMO_SITE),
  seedDemoResidents,
  seedDemoSessions,
  seedDemoProgress,
  seedDemoValidations,
  seedDemoCertificates,
];

/** Every document of every collection, in canonical Extended JSON (types compared too), by _id. */
async function contents(db: Db): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of names) {
    const docs = await db.collection(name).find({}, { promoteValues: false }).toArray();
    all[name] = docs.map((d) => EJSON.stringify(d, { relaxed: false })).sort();
  }
  return all;
}

async function files(db: Db): Promise<Record<string, Buffer>> {
  const bucket = new GridFSBucket(db, { bucketName: 'attachments' });
  const out: Record<string, Buffer> = {};
  for (const f of await bucket.find({}).toArray()) {
    const parts: Buffer[] = [];
    for await (const part of bucket.openDownloadStream(f._id)) parts.push(part as Buffer);
    out[String(f._id)] = Buffer.concat(parts);
  }
  return out;
}

const until = async (check: () => boolean, what: string, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * Drops a test database under the schema lock, as a restore drops collections: the
 * engine's launcher may be adding its GIN indexes to that database's new tables, and
 * without the lock PostgreSQL ended one of the two with a deadlock (40P01).
 */
async function dropDatabase(name: string): Promise<void> {
  await withTestSchemaLock(() => mongoose.connection.getClient().db(name).dropDatabase());
}

describe('backups: npm run backup / restore and the daily backup (real engine)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'krn-backup-'));
  const backupFile = path.join(dir, 'demo.jsonl.gz');
  const created: string[] = [];
  let source: Db;
  let uploaded: Buffer[];

  /** A database of the same client that nothing has touched. */
  const freshDb = (): Db => {
    const name = `${source.databaseName}_restore${created.length}`;
    created.push(name);
    return mongoose.connection.getClient().db(name);
  };

  before(async () => {
    source = mongoose.connection.db!;
    await clearDatabase();
    await initCatalogue(path.join(ROOT_DIR, 'content'));
    // The test app's settings first: the demo's certificates are signed with its key, as
    // later tests that issue outside a request expect (app-scope.ts: the first default stays).
    await getApp();
    for (const step of DEMO_STEPS) await step();
    // Attachments: a PDF over several GridFS chunks (255 KB each) and a small one.
    const anim = await source.collection('users').findOne({ username: 'anim.demo' });
    const actor = (await findSessionUser(String(anim!._id)))!;
    const resident = await source.collection('residents').findOne({ site: anim!.site, anonymisedAt: null });
    uploaded = [Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(600_000)]), Buffer.from('%PDF-1.4\n%%EOF\n')];
    await addAttachments(actor, String(resident!._id), 'contrat', [
      { originalname: 'contrat.pdf', buffer: uploaded[0]!, size: uploaded[0]!.length },
      { originalname: 'notice.pdf', buffer: uploaded[1]!, size: uploaded[1]!.length },
    ]);
    expect(await source.collection('attachments.chunks').countDocuments()).to.be.greaterThan(3);
    // Types that plain JSON would blur: a whole Double, a Long, an Int32, binary, a date, nesting.
    await source.collection('types.probe').insertOne({
      _id: new ObjectId(),
      double: new Double(1),
      long: Long.fromNumber(2),
      int: new Int32(3),
      bytes: new Binary(randomBytes(16), Binary.SUBTYPE_UUID),
      at: new Date(Date.UTC(2026, 10, 29, 23, 59, 59, 999)),
      nested: { list: [new Double(4), 'é\u202e', null, { deep: true }] },
    });
  });

  after(async () => {
    for (const name of created) await dropDatabase(name);
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips the demo data: every collection’s documents, types included, and the attachments’ bytes', async () => {
    const manifest = await writeBackupFile(source, backupFile, { appVersion: '9.9.9' });
    expect((statSync(backupFile).mode & 0o777).toString(8), 'owner-only').to.equal('600');
    const before = await contents(source);
    expect(Object.keys(before)).to.include.members(['users', 'residents', 'attachments.files', 'attachments.chunks']);
    expect(manifest.appVersion).to.equal('9.9.9');
    for (const c of manifest.collections) {
      expect(c.count, c.name).to.equal(before[c.name]!.length);
      expect(c.sha256).to.match(/^[0-9a-f]{64}$/);
    }
    expect(manifest.collections.map((c) => c.name).sort()).to.deep.equal(Object.keys(before));
    // Logical backup: no runtime file of the engine can be in it.
    const text = gunzipSync(readFileSync(backupFile)).toString('utf8');
    expect(text).not.to.match(/postmaster|engine\.json/);

    const target = freshDb();
    const restored = await restoreBackup(target, backupFileOpener(backupFile), { withSchemaLock: withTestSchemaLock });
    expect(restored.collections).to.deep.equal(manifest.collections);
    expect(await contents(target)).to.deep.equal(before);
    const bytes = Object.values(await files(target));
    expect(bytes.map((b) => b.toString('base64')).sort()).to.deep.equal(uploaded.map((b) => b.toString('base64')).sort());
    // Indexes: the app's and GridFS's.
    const indexNames = async (db: Db, c: string) =>
      (await db.collection(c).listIndexes().toArray()).map((i) => i.name as string).sort();
    for (const c of ['users', 'residents', 'attachments.chunks']) {
      expect(await indexNames(target, c), c).to.deep.equal(await indexNames(source, c));
    }
  });

  it('refuses a database that holds data, writing nothing; --force empties it first and says what it deletes', async () => {
    const target = freshDb();
    await target.collection('users').insertOne({ username: 'déjà-là' });
    await target.collection('stray').insertOne({ a: 1 });
    const err = await restoreBackup(target, backupFileOpener(backupFile), { withSchemaLock: withTestSchemaLock }).catch(
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(BackupError);
    expect((err as Error).message).to.match(/n’est pas vide\. Ces collections ont des données : stray, users\..*not empty \(data in: stray, users\)/s);
    expect((err as Error).message).to.match(/--force/);
    expect(await target.collection('users').countDocuments()).to.equal(1);
    expect(await target.collection('residents').countDocuments()).to.equal(0);

    let deleted: string[] = [];
    await restoreBackup(target, backupFileOpener(backupFile), {
      force: true,
      onDelete: (found) => (deleted = found),
      withSchemaLock: withTestSchemaLock,
    });
    expect(deleted).to.deep.equal(['stray', 'users']);
    const after = await contents(target);
    expect(after.stray ?? []).to.deep.equal([]);
    expect(after.users).to.deep.equal((await contents(source)).users);
  });

  it('refuses a damaged file (one byte changed in a document line) before writing anything; a missing file too', async () => {
    const lines = gunzipSync(readFileSync(backupFile)).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"c":"residents"') && l.includes('"firstName":"'));
    const at = lines[i]!.indexOf('"firstName":"') + '"firstName":"'.length;
    const c = lines[i]![at]!;
    lines[i] = lines[i]!.slice(0, at) + (c === 'X' ? 'Y' : 'X') + lines[i]!.slice(at + 1);
    const bad = path.join(dir, 'damaged.jsonl.gz');
    writeFileSync(bad, gzipSync(lines.join('\n')));

    const target = freshDb();
    const err = await restoreBackup(target, backupFileOpener(bad)).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(BackupError);
    expect((err as Error).message).to.match(
      /^Fichier de sauvegarde endommagé.*\nDamaged.*\n {2}- residents: somme de contrôle différente/s,
    );
    expect(await target.listCollections().toArray()).to.deep.equal([]);

    // Cut short: no manifest at the end.
    const cut = path.join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    expect(await verifyBackup(() => createReadStream(cut)).catch((e: unknown) => e))
      .to.be.instanceOf(BackupError)
      .with.property('message')
      .match(/coupé/);
    // Not gzip at all.
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'pas une sauvegarde\n');
    expect(await verifyBackup(() => createReadStream(text)).catch((e: unknown) => e)).to.be.instanceOf(BackupError);
    expect(await target.listCollections().toArray()).to.deep.equal([]);

    expect(() => backupFileOpener(path.join(dir, 'absent.jsonl.gz')))
      .to.throw(BackupError)
      .with.property('message')
      .match(/^Fichier introuvable.*\nFile not found/s);
  });

  it('the daily job writes today’s file once, and keeps only the configured number of daily files', async () => {
    const dataDir = path.join(dir, 'data');
    const backups = path.join(dataDir, 'backups');
    mkdirSync(backups, { recursive: true });
    const old = (day: string) => writeFileSync(path.join(backups, `kerourien-daily-${day}.jsonl.gz`), 'old');
    for (const day of ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04']) old(day);
    writeFileSync(path.join(backups, 'kerourien-2020-01-01T10-00-00Z.jsonl.gz'), 'made by hand');
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
      BACKUP_INTERVAL: '300ms',
      BACKUPS_KEPT: '3',
    });
    const today = path.join(backups, dailyBackupName(new Date()));
    const daily = () => readdirSync(backups).filter((n) => n.startsWith('kerourien-daily-'));

    const maintenance = startMaintenance(logger, config, featureJobs(await getApp()));
    try {
      await until(() => existsSync(today) && daily().length === 3, 'today’s backup and the pruning');
      expect(daily().sort()).to.deep.equal([
        'kerourien-daily-2020-01-03.jsonl.gz',
        'kerourien-daily-2020-01-04.jsonl.gz',
        path.basename(today),
      ]);
      const manifest = await verifyBackup(() => createReadStream(today));
      expect(manifest.collections.find((c) => c.name === 'users')?.count).to.equal(
        await source.collection('users').countDocuments(),
      );
      const written = statSync(today);
      expect((written.mode & 0o777).toString(8), 'owner-only').to.equal('600');

      // Past the interval: older files that appear are pruned; today's file is not written again.
      old('2020-01-05');
      old('2020-01-06');
      await until(
        () => daily().length === 3 && !existsSync(path.join(backups, 'kerourien-daily-2020-01-04.jsonl.gz')),
        'the next run',
      );
      expect(daily().sort()).to.deep.equal([
        'kerourien-daily-2020-01-05.jsonl.gz',
        'kerourien-daily-2020-01-06.jsonl.gz',
        path.basename(today),
      ]);
      expect(statSync(today).mtimeMs).to.equal(written.mtimeMs);
      expect(statSync(today).ino).to.equal(written.ino);
      expect(readdirSync(backups)).to.include('kerourien-2020-01-01T10-00-00Z.jsonl.gz');
      expect(readdirSync(backups).filter((n) => n.includes('.partial'))).to.deep.equal([]);
    } finally {
      maintenance.stop();
    }
  });
});
