/**
 * Backups of the app's database, and their restore.
 *
 * A backup is logical: every collection is read through the driver and written as
 * canonical Extended JSON (types kept: Int32, Double, Long, dates, ObjectIds, binary),
 * so the engine's runtime files (engine.json, PostgreSQL's postmaster.pid, locks) can
 * never be part of one. GridFS attachments come with the collections
 * (`attachments.files`, `attachments.chunks`).
 *
 * One gzip file of JSON lines, streamed both ways (the database is never held in memory):
 *   {"format":"kerourien-backup","formatVersion":1,"createdAt":…,"appVersion":…,"database":…}
 *   {"c":"<collection>","d":<document>}        one line per document, grouped by collection
 *   {"manifest":{…,"collections":[{"name","count","sha256","indexes"}]}}
 * The manifest comes last because counts and checksums are known only once every
 * document has been written; a file without it was cut short. A collection's SHA-256
 * is over its document lines as written, each with its newline. Restore reads the file
 * twice: first to check every count and checksum, then to load, so a damaged file is
 * refused before anything is written.
 *
 * The app is not stopped for a backup and FerretDB has no snapshots: each collection is
 * read in one pass, and a write made during the backup may or may not be in it. The
 * daily backup runs in the background queue (background.ts): it reads one batch of
 * documents at a time through one cursor, and yields to requests between batches
 * (`step`), so it holds one connection of the engine's pool and never a page waiting.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { BSON, type Db, type Document, type IndexDescription } from 'mongodb';
import mongoose from 'mongoose';
import type { Config } from '../config.js';
import { directContext, Stopped, type BackgroundQueue, type JobContext } from './background.js';
import { ensureIndexes } from './db.js';
import type { Logger } from './logger.js';

const { EJSON } = BSON;
const FORMAT = 'kerourien-backup';
const FORMAT_VERSION = 1;
/** Documents (or bytes of JSON) loaded per insert: GridFS chunks are 255 KB each. */
const BATCH_DOCS = 1000;
const BATCH_BYTES = 8 * 1024 * 1024;
const PROGRESS_EVERY = 10_000;
/** Documents per read of the backup's cursor: one short query each, with a step between. */
const READ_BATCH = 500;

export interface CollectionManifest {
  name: string;
  count: number;
  sha256: string;
  /** Index definitions other than `_id_`, as listIndexes gave them. */
  indexes: Document[];
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  createdAt: string;
  finishedAt: string;
  appVersion: string;
  database: string;
  collections: CollectionManifest[];
}

export interface Progress {
  collection: string;
  count: number;
  done: boolean;
}

/** Every refusal of a backup or a restore, in French then English, ready to print. */
export class BackupError extends Error {}

function damaged(...details: string[]): BackupError {
  return new BackupError(
    'Fichier de sauvegarde endommagé ou incomplet. Rien n’a été écrit dans la base.\n' +
      'Damaged or incomplete backup file. Nothing was written to the database.\n' +
      details.map((d) => `  - ${d}`).join('\n'),
  );
}

/** The app's version, from package.json: written into every manifest. */
export function appVersion(rootDir: string): string {
  return (JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The collections of a database, system ones aside, by name. */
async function collectionNames(db: Db): Promise<string[]> {
  const list = await db.listCollections({}, { nameOnly: true }).toArray();
  return list
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.'))
    .sort();
}

/**
 * Writes a backup of `db` into `output` (gzip'd; `output` is ended). Reads with
 * promoteValues off so that a Double 1.0 stays a Double and an Int32 an Int32.
 */
export async function writeBackup(
  db: Db,
  output: Writable,
  opts: { appVersion: string; onProgress?: (p: Progress) => void; step?: () => Promise<void> },
): Promise<Manifest> {
  const createdAt = new Date().toISOString();
  const collections: CollectionManifest[] = [];
  let manifest: Manifest | undefined;
  const header: Omit<Manifest, 'finishedAt' | 'collections'> = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    createdAt,
    appVersion: opts.appVersion,
    database: db.databaseName,
  };

  async function* lines(): AsyncGenerator<string> {
    yield JSON.stringify(header) + '\n';
    for (const name of await collectionNames(db)) {
      const hash = createHash('sha256');
      const prefix = `{"c":${JSON.stringify(name)},"d":`;
      let count = 0;
      let buffered = '';
      for await (const doc of db.collection(name).find({}, { promoteValues: false, batchSize: READ_BATCH })) {
        const line = prefix + EJSON.stringify(doc, { relaxed: false }) + '}\n';
        hash.update(line);
        buffered += line;
        count += 1;
        if (buffered.length >= 64 * 1024) {
          yield buffered;
          buffered = '';
        }
        if (count % READ_BATCH === 0) await opts.step?.();
        if (count % PROGRESS_EVERY === 0) opts.onProgress?.({ collection: name, count, done: false });
      }
      if (buffered) yield buffered;
      const indexes = (await db.collection(name).listIndexes().toArray())
        .filter((i) => i.name !== '_id_')
        .map(({ v: _v, ns: _ns, ...index }) => index);
      collections.push({ name, count, sha256: hash.digest('hex'), indexes });
      opts.onProgress?.({ collection: name, count, done: true });
    }
    manifest = { ...header, finishedAt: new Date().toISOString(), collections };
    yield JSON.stringify({ manifest }) + '\n';
  }

  await pipeline(Readable.from(lines()), createGzip(), output);
  return manifest!;
}

/**
 * Writes a backup into `file`, through a temporary name renamed at the end: a file
 * with the final name is always complete. Never overwrites a file.
 */
export async function writeBackupFile(
  db: Db,
  file: string,
  opts: { appVersion: string; onProgress?: (p: Progress) => void; step?: () => Promise<void> },
): Promise<Manifest> {
  if (existsSync(file)) {
    throw new BackupError(
      `Le fichier existe déjà : ${file}. Choisissez un autre nom.\nThe file already exists: ${file}. Choose another name.`,
    );
  }
  // Owner-only from the first byte: a new file (`wx`), in a folder of the owner's.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial-${process.pid}`;
  try {
    const manifest = await writeBackup(db, createWriteStream(partial, { mode: 0o600, flags: 'wx' }), opts);
    renameSync(partial, file);
    return manifest;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/** The lines of a gzip'd backup, without their newline. Any read or gunzip error rejects. */
async function* backupLines(source: Readable): AsyncGenerator<string> {
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      rest += decoder.write(chunk as Buffer);
      let start = 0;
      for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n', start)) {
        yield rest.slice(start, i);
        start = i + 1;
      }
      rest = rest.slice(start);
    }
  } catch (err) {
    throw damaged(`lecture impossible / unreadable (${(err as Error).message})`);
  } finally {
    source.destroy();
  }
  rest += decoder.end();
  if (rest) yield rest;
}

const DOC_LINE = /^\{"c":("(?:[^"\\]|\\.)*"),"d":/;

function parseJson(line: string, what: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw damaged(`${what} illisible / unreadable ${what}`);
  }
}

/**
 * First pass of a restore: reads the whole file and checks the header, the manifest,
 * and every collection's count and checksum. Writes nothing. Returns the manifest.
 */
export async function verifyBackup(open: () => Readable, onLines?: (lines: number) => void): Promise<Manifest> {
  let header: Record<string, unknown> | undefined;
  let manifest: Manifest | undefined;
  const seen = new Map<string, { count: number; hash: ReturnType<typeof createHash> }>();
  let lineNo = 0;
  for await (const line of backupLines(open())) {
    lineNo += 1;
    if (lineNo % (10 * PROGRESS_EVERY) === 0) onLines?.(lineNo);
    if (lineNo === 1) {
      header = parseJson(line, 'en-tête / header');
      if (header.format !== FORMAT) {
        throw new BackupError(
          'Ce fichier n’est pas une sauvegarde de cette application. Rien n’a été écrit.\n' +
            'This file is not a backup of this app. Nothing was written.',
        );
      }
      if (header.formatVersion !== FORMAT_VERSION) {
        throw new BackupError(
          `Format de sauvegarde ${String(header.formatVersion)} inconnu de cette version de l’application. Rien n’a été écrit.\n` +
            `Backup format ${String(header.formatVersion)} unknown to this version of the app. Nothing was written.`,
        );
      }
      continue;
    }
    if (manifest) throw damaged(`ligne ${lineNo} après le manifeste / line ${lineNo} after the manifest`);
    const m = DOC_LINE.exec(line);
    if (m) {
      const name = JSON.parse(m[1]!) as string;
      let entry = seen.get(name);
      if (!entry) seen.set(name, (entry = { count: 0, hash: createHash('sha256') }));
      entry.count += 1;
      entry.hash.update(line + '\n');
      continue;
    }
    const last = parseJson(line, `ligne ${lineNo} / line ${lineNo}`);
    if (!last.manifest || typeof last.manifest !== 'object')
      throw damaged(`ligne ${lineNo} inattendue / unexpected line ${lineNo}`);
    manifest = last.manifest as Manifest;
    if (!Array.isArray(manifest.collections)) throw damaged('manifeste incomplet / incomplete manifest');
  }
  if (!header) throw damaged('fichier vide / empty file');
  if (!manifest)
    throw damaged('pas de manifeste à la fin, le fichier a été coupé / no manifest at the end, the file was cut short');

  const listed = new Set(manifest.collections.map((c) => c.name));
  const wrong: string[] = [...seen.keys()]
    .filter((name) => !listed.has(name))
    .map((name) => `${name}: absente du manifeste / not in the manifest`);
  for (const c of manifest.collections) {
    const got = seen.get(c.name);
    const count = got?.count ?? 0;
    const sha256 = (got?.hash ?? createHash('sha256')).digest('hex');
    if (count !== c.count) wrong.push(`${c.name}: ${count} documents, ${c.count} attendus / expected`);
    else if (sha256 !== c.sha256) wrong.push(`${c.name}: somme de contrôle différente / checksum differs`);
  }
  if (wrong.length > 0) throw damaged(...wrong);
  return manifest;
}

/** The collections of `db` that hold documents, with their counts. */
export async function nonEmptyCollections(db: Db): Promise<{ name: string; count: number }[]> {
  const found = [];
  for (const name of await collectionNames(db)) {
    const count = await db.collection(name).countDocuments({});
    if (count > 0) found.push({ name, count });
  }
  return found;
}

/**
 * Loads a backup into `db`. Checks the whole file first (verifyBackup). Refuses a
 * database that holds documents unless `force`, which first tells `onDelete` what
 * it will remove, then drops every collection. Then loads the documents, compares
 * the counts, and creates the indexes: the app's own (ensureIndexes) and those the
 * manifest lists that are still missing (GridFS's).
 */
export async function restoreBackup(
  db: Db,
  open: () => Readable,
  opts: {
    force?: boolean;
    onVerified?: (m: Manifest) => void;
    onDelete?: (collections: { name: string; count: number }[]) => void;
    onProgress?: (p: Progress) => void;
    /** Each long stage as it starts (a progress line): `verify` (with lines read so far), `indexes`. */
    onStage?: (stage: 'verify' | 'indexes', lines?: number) => void;
    /** Holds the engine's schema lock around the drops (Database.withSchemaLock). */
    withSchemaLock?: <T>(fn: () => Promise<T>) => Promise<T>;
  } = {},
): Promise<Manifest> {
  opts.onStage?.('verify', 0);
  const manifest = await verifyBackup(open, (lines) => opts.onStage?.('verify', lines));
  opts.onVerified?.(manifest);

  const existing = await nonEmptyCollections(db);
  if (existing.length > 0 && !opts.force) {
    const list = existing.map((c) => `${c.name} (${c.count})`).join(', ');
    throw new BackupError(
      `La base « ${db.databaseName} » n’est pas vide : ${list}. Rien n’a été écrit.\n` +
        'Pour la remplacer par la sauvegarde, relancez avec --force : ces données seront effacées.\n' +
        `The database "${db.databaseName}" is not empty. Nothing was written. ` +
        'To replace it with the backup, run again with --force: these data will be deleted.',
    );
  }
  if (existing.length > 0) {
    opts.onDelete?.(existing);
    const dropAll = async () => {
      for (const name of await collectionNames(db)) await db.collection(name).drop();
    };
    await (opts.withSchemaLock ? opts.withSchemaLock(dropAll) : dropAll());
  }

  let current: string | undefined;
  let batch: Document[] = [];
  let batchBytes = 0;
  let count = 0;
  const flush = async () => {
    if (batch.length > 0) await db.collection(current!).insertMany(batch, { ordered: true });
    batch = [];
    batchBytes = 0;
  };
  const finish = async () => {
    if (current === undefined) return;
    await flush();
    opts.onProgress?.({ collection: current, count, done: true });
  };
  let lineNo = 0;
  for await (const line of backupLines(open())) {
    lineNo += 1;
    const m = DOC_LINE.exec(line);
    if (lineNo === 1 || !m) continue;
    const name = JSON.parse(m[1]!) as string;
    if (name !== current) {
      await finish();
      current = name;
      count = 0;
    }
    batch.push((EJSON.parse(line, { relaxed: false }) as { d: Document }).d);
    batchBytes += line.length;
    count += 1;
    if (batch.length >= BATCH_DOCS || batchBytes >= BATCH_BYTES) await flush();
    if (count % PROGRESS_EVERY === 0) opts.onProgress?.({ collection: name, count, done: false });
  }
  await finish();

  const wrong = [];
  for (const c of manifest.collections) {
    const got = await db.collection(c.name).countDocuments({});
    if (got !== c.count) wrong.push(`${c.name}: ${got} / ${c.count}`);
  }
  if (wrong.length > 0) {
    throw new BackupError(
      `Restauration incomplète, les nombres de documents diffèrent : ${wrong.join(', ')}. Relancez avec --force.\n` +
        'Incomplete restore, the document counts differ. Run again with --force.',
    );
  }
  opts.onStage?.('indexes');
  await restoreIndexes(db, manifest);
  return manifest;
}

async function restoreIndexes(db: Db, manifest: Manifest): Promise<void> {
  const connection =
    db.databaseName === mongoose.connection.db?.databaseName
      ? mongoose.connection
      : mongoose.connection.useDb(db.databaseName, { useCache: true });
  await ensureIndexes(connection);
  for (const c of manifest.collections) {
    const collection = db.collection(c.name);
    // An empty collection is part of the backup too.
    await db.createCollection(c.name).catch(() => undefined);
    const present = new Set((await collection.listIndexes().toArray()).map((i) => i.name as string));
    const missing = c.indexes.filter((i) => !present.has(i.name as string));
    if (missing.length > 0) await collection.createIndexes(missing as IndexDescription[]);
  }
}

// --- The daily backup in DATA_DIR/backups --------------------------------------------

const DAILY = /^kerourien-daily-(\d{4}-\d{2}-\d{2})\.jsonl\.gz$/;

/** The daily file's name: one a day (UTC date). */
export function dailyBackupName(now: Date): string {
  return `kerourien-daily-${now.toISOString().slice(0, 10)}.jsonl.gz`;
}

/** The name of a backup made by hand (`npm run backup`): never pruned. */
export function manualBackupName(now: Date): string {
  return `kerourien-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.jsonl.gz`;
}

/** Daily files beyond the `kept` most recent, oldest first. */
export function dailyFilesToRemove(names: string[], kept: number): string[] {
  const daily = names.filter((n) => DAILY.test(n)).sort();
  return daily.slice(0, Math.max(0, daily.length - kept));
}

/**
 * Writes today's backup into `dir` unless it is there, then removes the daily files
 * beyond the `kept` most recent. Backups made by hand are left alone.
 */
export async function runDailyBackup(
  db: Db,
  dir: string,
  kept: number,
  version: string,
  now: Date,
  ctx: JobContext = directContext,
): Promise<{ written: string | null; removed: string[]; manifest?: Manifest }> {
  const file = path.join(dir, dailyBackupName(now));
  let manifest: Manifest | undefined;
  if (!existsSync(file)) manifest = await writeBackupFile(db, file, { appVersion: version, step: ctx.step });
  const removed = dailyFilesToRemove(readdirSync(dir), kept);
  for (const name of removed) rmSync(path.join(dir, name), { force: true });
  return { written: manifest ? file : null, removed, manifest };
}

/**
 * The maintenance job: checks every BACKUP_INTERVAL that today's backup is written, one
 * run at a time, through the background queue.
 */
export function startDailyBackups(
  config: Pick<Config, 'DATA_DIR' | 'ROOT_DIR' | 'BACKUP_INTERVAL' | 'BACKUPS_KEPT'>,
  logger: Logger,
  queue: BackgroundQueue,
) {
  const dir = path.join(config.DATA_DIR, 'backups');
  const version = appVersion(config.ROOT_DIR);
  let running = false;
  const run = async () => {
    const db = mongoose.connection.db;
    if (running || !db) return;
    running = true;
    try {
      let started = Date.now();
      const { written, removed, manifest } = await queue.run('backup', (ctx) => {
        started = Date.now();
        return runDailyBackup(db, dir, config.BACKUPS_KEPT, version, new Date(), ctx);
      });
      if (written) {
        const documents = manifest!.collections.reduce((n, c) => n + c.count, 0);
        const seconds = Math.round((Date.now() - started) / 1000);
        logger.info({ file: written, collections: manifest!.collections.length, documents, seconds }, 'daily backup written');
      }
      if (removed.length > 0) logger.info({ removed }, 'old daily backups removed');
    } catch (err) {
      if (!(err instanceof Stopped)) logger.error({ err }, 'daily backup failed');
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, config.BACKUP_INTERVAL);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Opens a backup file for restoreBackup, with a clear message when it is missing. */
export function backupFileOpener(file: string): () => Readable {
  if (!existsSync(file)) {
    throw new BackupError(`Fichier introuvable : ${file}. Rien n’a été écrit.\nFile not found: ${file}. Nothing was written.`);
  }
  return () => createReadStream(file);
}
