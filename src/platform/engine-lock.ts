/**
 * One owner of the embedded engine's data: DATA_DIR/engine.json names the process that
 * runs the engine (the owner) and its launcher, each with its start time, so that a
 * lock left by a stopped or killed app (or naming a process id that the system has
 * since given to another program) is recognised as stale and never reused.
 *
 * The lock is claimed atomically (a hard link fails when the file exists): of two
 * starts at once, one runs the engine and the other sees it. A claim that finds a
 * stopping engine (its owner gone, the launcher or PostgreSQL still shutting down)
 * waits for it to finish, so that a start or a restore right after a stop just works.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EngineUnavailable } from './engine-files.js';
import type { Logger } from './logger.js';

export interface EngineLock {
  /** The process that started the engine and stops it. */
  owner: number;
  ownerStart?: string;
  /** The launcher's process id; 0 while the engine is starting. */
  pid: number;
  launcherStart?: string;
  socket: string;
  dataDir: string;
}

/** Another process of ours already runs the engine on this DATA_DIR. */
class DataDirInUse extends EngineUnavailable {}

/**
 * A process's start time (clock ticks since boot, /proc/PID/stat field 22), which tells
 * a process from a later one given the same id. Undefined without /proc (not Linux) or
 * when the process is gone.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` runs and is still the process that started at `start`. */
export function running(pid: number, start: string | undefined): boolean {
  if (!(pid > 0) || !alive(pid)) return false;
  const now = processStart(pid);
  return start === undefined || now === undefined || now === start;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function inUse(dataDir: string, pid: number): DataDirInUse {
  return new DataDirInUse(
    [
      `Kérourien tourne déjà sur ce dossier de données (${dataDir}, processus ${pid}).`,
      '  Une seule instance par dossier : arrêtez-la d’abord.',
      '  Pour plusieurs instances, donnez-leur une base commune : POSTGRESQL_URL ou MONGODB_URI (voir le README).',
      `Kérourien is already running on this data folder (${dataDir}, process ${pid}).`,
      '  One instance per folder: stop it first.',
      '  For several instances, give them a shared database: POSTGRESQL_URL or MONGODB_URI (see the README).',
    ].join('\n'),
  );
}

export type Claim = { claimed: true } | { claimed: false; lock: EngineLock };

/**
 * Claims `lockPath` for this process, or returns the live engine's lock to reuse it
 * (`exclusive`: refuses instead, for a second app on the same data). Waits, up to
 * `timeoutMs`, for an engine that is starting (to reuse it) or stopping (to replace it).
 */
export async function claimEngine(
  lockPath: string,
  mine: Pick<EngineLock, 'socket' | 'dataDir'>,
  opts: { exclusive: boolean; logger: Logger; timeoutMs?: number },
): Promise<Claim> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  const claim: EngineLock = { owner: process.pid, ownerStart: processStart(process.pid), pid: 0, ...mine };
  let said = false;
  for (;;) {
    const temporary = `${lockPath}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, JSON.stringify(claim), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, lockPath);
      return { claimed: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(temporary, { force: true });
    }

    let raw: string;
    let lock: Partial<EngineLock>;
    try {
      raw = readFileSync(lockPath, 'utf8');
      lock = JSON.parse(raw) as Partial<EngineLock>;
    } catch {
      rmSync(lockPath, { force: true }); // unreadable: not written by this version
      continue;
    }
    const removeIfSame = () => {
      const now = (() => {
        try {
          return readFileSync(lockPath, 'utf8');
        } catch {
          return null;
        }
      })();
      if (now === raw) rmSync(lockPath, { force: true });
    };
    // A lock copied along with the folder (`cp -r data copy`) names another folder.
    if (lock.dataDir !== mine.dataDir) {
      removeIfSame();
      continue;
    }
    // A lock of the previous version (an engine on TCP, no owner): stale unless it runs.
    if (typeof lock.owner !== 'number' || typeof lock.socket !== 'string') {
      if (typeof lock.pid === 'number' && running(lock.pid, undefined)) throw inUse(mine.dataDir, lock.pid);
      removeIfSame();
      continue;
    }
    const ownerLive = running(lock.owner, lock.ownerStart);
    const launcherLive = running(lock.pid ?? 0, lock.launcherStart);
    if (ownerLive) {
      if (opts.exclusive && lock.owner !== process.pid) throw inUse(mine.dataDir, lock.owner);
      if (launcherLive) return { claimed: false, lock: lock as EngineLock };
      // Starting, or restarted by its owner's supervision: wait for the new launcher.
    } else if (launcherLive) {
      // The owner is gone and its launcher stops PostgreSQL (it watches its stdin).
      if (!said) opts.logger.warn({ pid: lock.pid }, 'waiting for the previous database engine to stop');
      said = true;
    } else {
      opts.logger.info({ owner: lock.owner }, 'stale engine.json (its owner is gone): starting a new engine');
      removeIfSame();
      continue;
    }
    if (Date.now() > deadline) {
      if (!ownerLive && launcherLive) {
        // A launcher that outlived its owner this long: stop it (PostgreSQL follows it).
        process.kill(lock.pid!, 'SIGKILL');
        await sleep(500);
        continue;
      }
      throw inUse(mine.dataDir, lock.owner);
    }
    await sleep(200);
  }
}

/** Removes the lock if this process holds it. */
export function releaseEngine(lockPath: string): void {
  try {
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<EngineLock>;
    if (lock.owner === process.pid) rmSync(lockPath, { force: true });
  } catch {
    // already gone
  }
}

/**
 * Waits until the PostgreSQL that a previous engine ran on `pgDir` has stopped: it
 * shuts down on its own when its launcher goes (fast shutdown, a few seconds), and
 * PostgreSQL refuses to start while its postmaster.pid names a live process. A
 * postmaster.pid naming a process that is not ours (the id was reused) is removed.
 */
export async function waitForOldPostmaster(pgDir: string, logger: Logger, timeoutMs = 60_000): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!running(pid, undefined)) return;
  const ours = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(pgDir);
    } catch {
      return true; // no /proc: assume it is ours and wait
    }
  })();
  if (!ours) {
    logger.warn({ pid }, 'postmaster.pid names a process that is not our PostgreSQL: removed');
    rmSync(pidFile, { force: true });
    return;
  }
  logger.warn({ pid }, 'waiting for the previous PostgreSQL to stop');
  const deadline = Date.now() + timeoutMs;
  let asked = false;
  while (alive(pid)) {
    if (!asked && Date.now() > deadline - timeoutMs / 2) {
      // Nobody owns it any more (this process holds the lock): ask for a fast shutdown.
      process.kill(pid, 'SIGINT');
      asked = true;
    }
    if (Date.now() > deadline) {
      throw new EngineUnavailable(
        `Un PostgreSQL d’un démarrage précédent tourne encore sur ${pgDir} (processus ${pid}) : arrêtez-le, puis relancez.\n` +
          `A PostgreSQL from a previous start still runs on ${pgDir} (process ${pid}): stop it, then start again.`,
      );
    }
    await sleep(200);
  }
}
