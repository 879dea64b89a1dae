/**
 * Owner-only files and folders: the data folder holds the database's password, the
 * session secret, signing keys, backups and the engine's socket, so nobody else on the
 * machine may read them, not even for the instant between creating a file and a chmod.
 */
import { chmodSync, existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Creates `dir` (and its missing parents) for the owner only. An existing folder loses
 * the rights of others and of its group (an older version made DATA_DIR 0755), but the
 * traverse right (x) of a group other than the owner's own: the embedded PostgreSQL,
 * run as `postgres` when the app runs as root, passes through DATA_DIR that way.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { mode, gid } = statSync(dir);
  const allowed = 0o700 | (gid !== process.getgid?.() ? 0o010 : 0);
  if ((mode & 0o777 & ~allowed) !== 0) chmodSync(dir, mode & allowed);
}

/**
 * Writes `file` as 0600 from its first byte: a new temporary file (never an existing
 * one, whose mode would stay), renamed over `file`. Readers see the old or the new
 * content, never half of it.
 */
export function writePrivateFile(file: string, data: string | Buffer): void {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}

/**
 * Creates `file` as 0600 with `data` unless it exists: a hard link, which never replaces a
 * file, so two processes making it at once agree on one content. False when it existed.
 */
export function createPrivateFileOnce(file: string, data: string | Buffer): boolean {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Makes an existing file owner-only (kept from an older version that made it 0644). */
export function restrictFile(file: string): void {
  if (!existsSync(file)) return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700);
}
