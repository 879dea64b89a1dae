/**
 * `npm run backup [-- FILE]`: one file holding the whole database (every collection,
 * attachments included, with a manifest of counts and checksums), while the app runs.
 * Default: DATA_DIR/backups/kerourien-<date and time>.jsonl.gz. See src/platform/backup.ts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { appVersion, BackupError, manualBackupName, writeBackupFile } from '../src/platform/backup.js';
import { withDatabase } from './with-database.js';

let file: string | undefined;
try {
  const { positionals } = parseArgs({ allowPositionals: true });
  if (positionals.length > 1) throw new Error('one file at most');
  file = positionals[0];
} catch (err) {
  process.stderr.write(`Usage : npm run backup [-- FICHIER / FILE]\n${(err as Error).message}\n`);
  process.exit(2);
}

await withDatabase(async ({ config }) => {
  const target = path.resolve(file ?? path.join(config.DATA_DIR, 'backups', manualBackupName(new Date())));
  process.stdout.write(`Sauvegarde en cours / backing up into ${target}\n`);
  try {
    const manifest = await writeBackupFile(mongoose.connection.db!, target, {
      appVersion: appVersion(config.ROOT_DIR),
      onProgress: (p) => process.stdout.write(`  ${p.collection} : ${p.count} document(s)${p.done ? '' : '…'}\n`),
    });
    const documents = manifest.collections.reduce((n, c) => n + c.count, 0);
    process.stdout.write(
      `Sauvegarde terminée : ${manifest.collections.length} collections, ${documents} documents.\n` +
        `Backup done: ${manifest.collections.length} collections, ${documents} documents.\n${target}\n`,
    );
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    process.stderr.write(err.message + '\n');
    process.exitCode = 1;
  }
});
