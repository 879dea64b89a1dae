/** The daily backup: one file a day in DATA_DIR/backups, the oldest removed. See backup.ts for the format. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Db } from 'mongodb';
import mongoose from 'mongoose';
import type { Config } from '../config.js';
import { directContext, Stopped, type BackgroundQueue, type JobContext } from './background.js';
import type { Logger } from './logger.js';
import { type Manifest, appVersion } from './backup-format.js';
import { writeBackupFile } from './backup-write.js';

const DAILY = /^kerourien-daily-(\d{4}-\d{2}-\d{2})\.jsonl\.gz$/;

/** The daily file's name: one a day (UTC date). */
export function dailyBackupName(now: Date): string {
  return `kerourien-daily-${now.toISOString().slice(0, 10)}.jsonl.gz`;
}

/** The name of a backup made by hand (`npm run backup`): never pruned. */
export function manualBackupName(now: Date): string {
  return `kerourien-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.jsonl.gz`;
}

/** Daily files beyond the `kept` most recent, oldest first. */
export function dailyFilesToRemove(names: string[], kept: number): string[] {
  const daily = names.filter((n) => DAILY.test(n)).sort();
  return daily.slice(0, Math.max(0, daily.length - kept));
}

/**
 * Writes today's backup into `dir` unless it is there, then removes the daily files
 * beyond the `kept` most recent. Backups made by hand are left alone.
 */
export async function runDailyBackup(
  db: Db,
  dir: string,
  kept: number,
  version: string,
  now: Date,
  ctx: JobContext = directContext,
): Promise<{ written: string | null; removed: string[]; manifest?: Manifest }> {
  const file = path.join(dir, dailyBackupName(now));
  let manifest: Manifest | undefined;
  if (!existsSync(file)) manifest = await writeBackupFile(db, file, { appVersion: version, step: ctx.step });
  const removed = dailyFilesToRemove(readdirSync(dir), kept);
  for (const name of removed) rmSync(path.join(dir, name), { force: true });
  return { written: manifest ? file : null, removed, manifest };
}

/**
 * The maintenance job: checks every BACKUP_INTERVAL that today's backup is written, one
 * run at a time, through the background queue.
 */
export function startDailyBackups(
  config: Pick<Config, 'DATA_DIR' | 'ROOT_DIR' | 'BACKUP_INTERVAL' | 'BACKUPS_KEPT'>,
  logger: Logger,
  queue: BackgroundQueue,
) {
  const dir = path.join(config.DATA_DIR, 'backups');
  const version = appVersion(config.ROOT_DIR);
  let running = false;
  const run = async () => {
    const db = mongoose.connection.db;
    if (running || !db) return;
    running = true;
    try {
      let started = Date.now();
      const { written, removed, manifest } = await queue.run('backup', (ctx) => {
        started = Date.now();
        return runDailyBackup(db, dir, config.BACKUPS_KEPT, version, new Date(), ctx);
      });
      if (written) {
        const documents = manifest!.collections.reduce((n, c) => n + c.count, 0);
        const seconds = Math.round((Date.now() - started) / 1000);
        logger.info({ file: written, collections: manifest!.collections.length, documents, seconds }, 'daily backup written');
      }
      if (removed.length > 0) logger.info({ removed }, 'old daily backups removed');
    } catch (err) {
      if (!(err instanceof Stopped)) logger.error({ err }, 'daily backup failed');
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, config.BACKUP_INTERVAL);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
