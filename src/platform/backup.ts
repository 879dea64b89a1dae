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
export * from './backup-format.js';
export { writeBackupFile } from './backup-write.js';
export { verifyBackup } from './backup-verify.js';
export * from './backup-restore.js';
export * from './backup-schedule.js';
