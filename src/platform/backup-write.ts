/** Writing a backup: every collection read in batches through one cursor, as canonical Extended JSON lines. See backup.ts for the format. */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type Db } from 'mongodb';
import {
  BackupError,
  type CollectionManifest,
  EJSON,
  FORMAT,
  FORMAT_VERSION,
  GZIP_LEVEL,
  type Manifest,
  PROGRESS_EVERY,
  type Progress,
  READ_BATCH,
  collectionNames,
} from './backup-format.js';

interface BackupOptions {
  appVersion: string;
  onProgress?: (p: Progress) => void;
  step?: () => Promise<void>;
  /** For bench/backup.bench.ts: zlib's level (default GZIP_LEVEL) and documents per read (default READ_BATCH). */
  gzipLevel?: number;
  readBatch?: number;
}

/**
 * Writes a backup of `db` into `output` (gzip'd; `output` is ended). Reads with
 * promoteValues off so that a Double 1.0 stays a Double and an Int32 an Int32.
 */
export async function writeBackup(
  db: Db,
  output: Writable,
  opts: BackupOptions,
): Promise<Manifest> {
  const readBatch = opts.readBatch ?? READ_BATCH;
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
      for await (const doc of db.collection(name).find({}, { promoteValues: false, batchSize: readBatch })) {
        const line = prefix + EJSON.stringify(doc, { relaxed: false }) + '}\n';
        hash.update(line);
        buffered += line;
        count += 1;
        if (buffered.length >= 64 * 1024) {
          yield buffered;
          buffered = '';
        }
        if (count % readBatch === 0) await opts.step?.();
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

  await pipeline(Readable.from(lines()), createGzip({ level: opts.gzipLevel ?? GZIP_LEVEL }), output);
  return manifest!;
}

/**
 * Writes a backup into `file`, through a temporary name renamed at the end: a file
 * with the final name is always complete. Never overwrites a file.
 */
export async function writeBackupFile(
  db: Db,
  file: string,
  opts: BackupOptions,
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
