/**
 * `npm run restore -- FILE [--force]`: loads a backup made by `npm run backup` (or a
 * daily one from DATA_DIR/backups) into the app's database, which must be empty;
 * `--force` empties it first, after saying what goes. The file is checked in full
 * before anything is written. Run it with the app stopped. See src/platform/backup.ts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { backupFileOpener, BackupError, restoreBackup } from '../src/platform/backup.js';
import { withDatabase } from './with-database.js';

const USAGE = 'Usage : npm run restore -- FICHIER [--force]   (FILE [--force])\n';
let file: string;
let force: boolean;
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new Error('un fichier / one file');
  file = path.resolve(positionals[0]!);
  force = values.force;
} catch (err) {
  process.stderr.write(`${USAGE}${(err as Error).message}\n`);
  process.exit(2);
}

function fail(message: string): void {
  process.stderr.write(message + '\n');
  process.exitCode = 1;
}

let open: ReturnType<typeof backupFileOpener>;
try {
  open = backupFileOpener(file);
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  fail(err.message);
  process.exit();
}

await withDatabase(async ({ db }) => {
  if (db.engine && !db.engine.owned) {
    return fail(
      'L’application tourne sur ces données : arrêtez-la, puis relancez la restauration. Rien n’a été écrit.\n' +
        'The app is running on these data: stop it, then run the restore again. Nothing was written.',
    );
  }
  try {
    const manifest = await restoreBackup(mongoose.connection.db!, open, {
      force,
      withSchemaLock: (fn) => db.withSchemaLock(fn),
      onVerified: (m) =>
        process.stdout.write(
          `Fichier intact : sauvegarde du ${m.createdAt}, version ${m.appVersion}, ${m.collections.length} collections.\n` +
            `File intact: backup of ${m.createdAt}, version ${m.appVersion}.\n`,
        ),
      onDelete: (found) =>
        process.stdout.write(
          `--force : la base est vidée d’abord. Sont effacés / first deleting:\n` +
            found.map((name) => `  ${name}\n`).join(''),
        ),
      onProgress: (p) => process.stdout.write(`  ${p.collection} : ${p.count} document(s)${p.done ? '' : '…'}\n`),
      onStage: (stage, lines) =>
        process.stdout.write(
          stage === 'indexes'
            ? 'Création des index / creating the indexes…\n'
            : lines
              ? `  vérification / checking : ${lines} lignes / lines lues…\n`
              : `Vérification du fichier / checking ${file}\n`,
        ),
    });
    const documents = manifest.collections.reduce((n, c) => n + c.count, 0);
    process.stdout.write(
      `Restauration terminée : ${documents} documents, nombres vérifiés, index créés.\n` +
        `Restore done: ${documents} documents, counts checked, indexes created.\n`,
    );
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    fail(err.message);
  }
});
