/** Restoring a checked backup into an empty database (or one emptied with --force). See backup.ts for the format. */
import { Readable } from 'node:stream';
import { type Db, type Document, type IndexDescription } from 'mongodb';
import mongoose from 'mongoose';
import { ensureIndexes } from './db.js';
import {
  BATCH_BYTES,
  BATCH_DOCS,
  BackupError,
  EJSON,
  type Manifest,
  PROGRESS_EVERY,
  type Progress,
  collectionNames,
} from './backup-format.js';
import { DOC_LINE, backupLines, verifyBackup } from './backup-verify.js';

/**
 * The collections of `db` that hold at least one document. One findOne each, not a
 * count: FerretDB counts by reading every row (10 min 51 s on 1.27 million documents).
 */
export async function nonEmptyCollections(db: Db): Promise<string[]> {
  const found = [];
  for (const name of await collectionNames(db)) {
    if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) found.push(name);
  }
  return found;
}

function refuseNonEmpty(db: Db, names: string[]): BackupError {
  return new BackupError(
    `La base « ${db.databaseName} » n’est pas vide. Ces collections ont des données : ${names.join(', ')}. ` +
      'Rien n’a été écrit.\n' +
      'Pour la remplacer par la sauvegarde, relancez avec --force : ces données seront effacées.\n' +
      `The database "${db.databaseName}" is not empty (data in: ${names.join(', ')}). Nothing was written. ` +
      'To replace it with the backup, run again with --force: these data will be deleted.',
  );
}

/**
 * Loads a backup into `db`. Refuses at once a database that holds documents unless
 * `force` (before reading the file: that takes minutes on a big one). Then checks the
 * whole file (verifyBackup). With `force`, tells `onDelete` which collections it will
 * empty, then drops every collection. Then loads the documents, compares
 * the counts, and creates the indexes: the app's own (ensureIndexes) and those the
 * manifest lists that are still missing (GridFS's).
 */
export async function restoreBackup(
  db: Db,
  open: () => Readable,
  opts: {
    force?: boolean;
    onVerified?: (m: Manifest) => void;
    /** The collections that hold data, before they are dropped. */
    onDelete?: (collections: string[]) => void;
    onProgress?: (p: Progress) => void;
    /** Each long stage as it starts (a progress line): `verify` (with lines read so far), `indexes`. */
    onStage?: (stage: 'verify' | 'indexes', lines?: number) => void;
    /** Holds the engine's schema lock around the drops (Database.withSchemaLock). */
    withSchemaLock?: <T>(fn: () => Promise<T>) => Promise<T>;
  } = {},
): Promise<Manifest> {
  if (!opts.force) {
    const found = await nonEmptyCollections(db);
    if (found.length > 0) throw refuseNonEmpty(db, found);
  }
  opts.onStage?.('verify', 0);
  const manifest = await verifyBackup(open, (lines) => opts.onStage?.('verify', lines));
  opts.onVerified?.(manifest);

  // Again after the check, which can take minutes: what is there now is what goes.
  const existing = await nonEmptyCollections(db);
  if (existing.length > 0 && !opts.force) throw refuseNonEmpty(db, existing);
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
  // Under the schema lock too: FerretDB's createIndexes met the keeper's index builds.
  await (opts.withSchemaLock ? opts.withSchemaLock(() => restoreIndexes(db, manifest)) : restoreIndexes(db, manifest));
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
