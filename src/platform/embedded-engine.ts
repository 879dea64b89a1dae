/**
 * The embedded database: FerretDB 1.24.2 run by our Go launcher (tools/ferretdb) as a
 * child process on a free local port. Only one engine may use a data directory at a
 * time, so the owner writes `engine.json` (pid and URI); a second process (the demo
 * seed while the app runs) reuses the live engine instead of starting another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from './logger.js';

export const LAUNCHER_PATH = path.resolve(import.meta.dirname, '../../tools/ferretdb/bin/ferretdb-launcher');

export class EngineUnavailable extends Error {}

export interface EmbeddedEngine {
  uri: string;
  /** False when we reuse an engine that another process of ours started. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EngineOptions {
  dataDir: string;
  backend: 'sqlite' | 'postgresql';
  postgresqlUrl?: string;
  logger: Logger;
  /** Database name in the URI; tests use their own. */
  dbName?: string;
}

interface LockFile {
  pid: number;
  host: string;
  backend: string;
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
  const lockPath = path.join(opts.dataDir, 'engine.json');

  if (existsSync(lockPath)) {
    try {
      const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as LockFile;
      if (lock.backend === opts.backend && alive(lock.pid)) {
        opts.logger.info({ host: lock.host }, 'reusing the embedded database engine already running on this data directory');
        return { uri: `mongodb://${lock.host}/${dbName}`, owned: false, stop: async () => {} };
      }
    } catch {
      // unreadable lock: a crash left it; start a new engine below
    }
    rmSync(lockPath, { force: true });
  }

  if (!existsSync(LAUNCHER_PATH)) {
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

  const dbDir = path.join(opts.dataDir, 'db');
  mkdirSync(dbDir, { recursive: true });
  const args = ['--listen=127.0.0.1:0', `--handler=${opts.backend}`, '--log-level=warn', '--watch-stdin'];
  if (opts.backend === 'sqlite') args.push(`--sqlite-url=file:${dbDir}/`);
  else args.push(`--postgresql-url=${opts.postgresqlUrl}`);

  const log = createWriteStream(path.join(opts.dataDir, 'ferretdb.log'), { flags: 'a' });
  // stdin stays a pipe that we never write to: when this process dies for any reason,
  // the pipe closes and the launcher stops (--watch-stdin), so no engine is left behind.
  const child = spawn(LAUNCHER_PATH, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.pipe(log);

  const host = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new EngineUnavailable('The embedded database did not start within 30 s; see data/ferretdb.log')),
      30_000,
    );
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new EngineUnavailable(
          `The embedded database stopped at start (code ${code}); see ${path.join(opts.dataDir, 'ferretdb.log')}`,
        ),
      );
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new EngineUnavailable(`Cannot run the embedded database: ${err.message}`));
    });
  });

  writeFileSync(lockPath, JSON.stringify({ pid: child.pid ?? 0, host, backend: opts.backend } satisfies LockFile));
  opts.logger.info({ host, backend: opts.backend }, 'embedded database engine started');

  return {
    uri: `mongodb://${host}/${dbName}`,
    owned: true,
    stop: () => stopChild(child, lockPath, log),
  };
}

function stopChild(child: ChildProcess, lockPath: string, log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      rmSync(lockPath, { force: true });
      log.end();
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      done();
    });
    child.kill('SIGTERM');
  });
}
