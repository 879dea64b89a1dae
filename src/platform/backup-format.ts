/** The backup file's format: its header, manifest and errors, shared by the other backup files. See backup.ts for the format. */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BSON, type Db, type Document } from 'mongodb';

export const { EJSON } = BSON;
export const FORMAT = 'kerourien-backup';
export const FORMAT_VERSION = 1;
/** Documents (or bytes of JSON) loaded per insert: GridFS chunks are 255 KB each. */
export const BATCH_DOCS = 1000;
export const BATCH_BYTES = 8 * 1024 * 1024;
export const PROGRESS_EVERY = 10_000;
/** Documents per read of the backup's cursor: one short query each, with a step between. */
export const READ_BATCH = 500;
/** zlib's level for the backup file (zlib's default is 6). */
export const GZIP_LEVEL = 6;

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

export function damaged(...details: string[]): BackupError {
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
export async function collectionNames(db: Db): Promise<string[]> {
  const list = await db.listCollections({}, { nameOnly: true }).toArray();
  return list
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.'))
    .sort();
}

/** Opens a backup file for restoreBackup, with a clear message when it is missing. */
export function backupFileOpener(file: string): () => Readable {
  if (!existsSync(file)) {
    throw new BackupError(`Fichier introuvable : ${file}. Rien n’a été écrit.\nFile not found: ${file}. Nothing was written.`);
  }
  return () => createReadStream(file);
}
