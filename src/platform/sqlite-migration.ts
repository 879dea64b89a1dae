/**
 * Upgrading from the previous version, which kept its data in FerretDB on SQLite
 * (DATA_DIR/db): at the first start on PostgreSQL, every collection of every database
 * (GridFS files included: they are two collections) is copied into the new engine,
 * the counts are compared and printed, and the old folder is renamed so that the copy
 * happens once. A copy cut short (a crash) is simply run again: documents keep their
 * `_id`, so what was already copied is skipped, never doubled. Counts that differ stop
 * the start and leave the old folder in place.
 */
import { existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, MongoBulkWriteError, type Document } from 'mongodb';
import { EngineUnavailable, startSqliteReader } from './embedded-engine.js';
import type { Logger } from './logger.js';

export interface CollectionCopy {
  database: string;
  collection: string;
  source: number;
  target: number;
}

const BATCH = 1000;

/** Returns what was copied, or null when there is no old database. */
export async function migrateSqliteData(dataDir: string, targetUri: string, logger: Logger): Promise<CollectionCopy[] | null> {
  const sqliteDir = path.join(dataDir, 'db');
  if (!existsSync(sqliteDir) || !readdirSync(sqliteDir).some((f) => f.endsWith('.sqlite'))) return null;

  logger.info({ from: sqliteDir }, 'copying the SQLite database of the previous version into PostgreSQL (once)');
  const reader = await startSqliteReader(sqliteDir, path.join(dataDir, 'ferretdb-sqlite.log'));
  const source = new MongoClient(reader.uri, { serverSelectionTimeoutMS: 10_000 });
  const target = new MongoClient(targetUri, { serverSelectionTimeoutMS: 10_000 });
  const copies: CollectionCopy[] = [];
  try {
    await source.connect();
    await target.connect();
    const { databases } = await source.db('admin').admin().listDatabases();
    for (const { name: database } of databases) {
      if (database === 'admin') continue;
      const collections = await source.db(database).listCollections({}, { nameOnly: true }).toArray();
      for (const { name: collection } of collections) {
        copies.push(
          await copyCollection(source.db(database).collection(collection), target.db(database).collection(collection), database),
        );
      }
    }
  } finally {
    await source.close();
    await target.close();
    await reader.stop();
  }

  const wrong = copies.filter((c) => c.source !== c.target);
  for (const c of copies) logger.info(c, 'copied');
  if (wrong.length > 0) {
    throw new EngineUnavailable(
      `La copie de l’ancienne base ne correspond pas / the copy of the old database does not match:\n` +
        wrong.map((c) => `  ${c.database}.${c.collection}: ${c.source} -> ${c.target}`).join('\n') +
        `\n${sqliteDir} est gardé tel quel / is kept as it is.`,
    );
  }
  const kept = `${sqliteDir}-sqlite-copied-${new Date().toISOString().slice(0, 10)}`;
  renameSync(sqliteDir, kept);
  const total = copies.reduce((n, c) => n + c.target, 0);
  logger.info(
    { collections: copies.length, documents: total, oldFolderKeptAt: kept },
    'previous database copied into PostgreSQL; counts checked',
  );
  return copies;
}

async function copyCollection(
  from: import('mongodb').Collection,
  to: import('mongodb').Collection,
  database: string,
): Promise<CollectionCopy> {
  let batch: Document[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await to.insertMany(batch, { ordered: false });
    } catch (err) {
      // Already there from a copy cut short: keep the first, never double.
      const dupOnly =
        err instanceof MongoBulkWriteError && err.writeErrors && [err.writeErrors].flat().every((e) => e.code === 11000);
      if (!dupOnly) throw err;
    }
    batch = [];
  };
  for await (const doc of from.find({}, { batchSize: BATCH })) {
    batch.push(doc);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return {
    database,
    collection: from.collectionName,
    source: await from.countDocuments({}),
    target: await to.countDocuments({}),
  };
}
