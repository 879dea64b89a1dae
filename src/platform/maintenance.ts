/**
 * Background jobs that FerretDB's missing TTL indexes make ours: purge expired sessions
 * and rate-limit counters (acknowledged deletes: an unacknowledged one desyncs the
 * driver on FerretDB 1.24); and the personal-data retention rule (anonymise residents
 * with no contact for two years); the daily backup into DATA_DIR/backups
 * (src/platform/backup.ts); at start, the data migrations (migrations.ts). Every
 * interval comes from the config. Purge and retention run on one instance per period (a
 * lease in the database); each instance checks the daily backup of its own DATA_DIR.
 *
 * Every job goes through one queue (background.ts): one at a time, in small steps that
 * yield to requests; `stop()` waits for the running job to reach its next step, so
 * server.ts closes the database after it.
 */
import type { Config } from '../config.js';
import { auditMonthMigration } from './audit.repository.js';
import { BackgroundQueue, directContext, Stopped, type JobContext } from './background.js';
import type { Logger } from './logger.js';
import { startDailyBackups } from './backup.js';
import { takeLease } from './job-lease.js';
import { runMigrations } from './migrations.js';
import { purgeExpiredRateLimits } from './rate-limits.js';
import { purgeExpiredSessions } from './sessions.js';

/** Expired sessions and rate-limit counters. */
export async function purgeExpired(now: Date): Promise<{ sessions: number; rateLimits: number }> {
  return { sessions: await purgeExpiredSessions(now), rateLimits: await purgeExpiredRateLimits(now) };
}

/**
 * The features' jobs, given by the app (src/jobs.ts): the platform runs them and knows
 * no feature.
 */
export interface FeatureJobs {
  /** The retention rule: anonymises residents with no contact for two years; answers how many. */
  retention(now: Date, ctx?: JobContext): Promise<number>;
  /** Once per start: fills in what older versions did not write; answers a count per kind, for the log. */
  atStart(ctx?: JobContext): Promise<Record<string, number>>;
}

/** Every job once (at start, and from tests and scripts). */
export async function runMaintenance(
  now: Date,
  jobs: Pick<FeatureJobs, 'retention'>,
): Promise<{ sessions: number; rateLimits: number; anonymised: number }> {
  return { ...(await purgeExpired(now)), anonymised: await jobs.retention(now) };
}

/** The platform's migrations, then the features': what older versions did not write. */
export async function runStartMigrations(jobs: Pick<FeatureJobs, 'atStart'>, ctx: JobContext = directContext) {
  return { ...(await runMigrations([auditMonthMigration], ctx)), ...(await jobs.atStart(ctx)) };
}

/**
 * Runs a job now and then every `everyMs` through the queue, one run at a time, and of
 * several instances on one database only the one that takes the period's lease
 * (job-lease.ts); a failure is logged, the next run tries again.
 */
function every(queue: BackgroundQueue, everyMs: number, job: (ctx: JobContext) => Promise<void>, logger: Logger, name: string) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await queue.run(name, async (ctx) => {
        if (!(await takeLease(name, everyMs, new Date()))) {
          logger.debug({ job: name }, 'maintenance: another instance has this period');
          return;
        }
        await job(ctx);
      });
    } catch (err) {
      if (!(err instanceof Stopped)) logger.warn({ err, job: name }, 'maintenance failed');
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function startMaintenance(
  logger: Logger,
  config: Pick<
    Config,
    'MAINTENANCE_INTERVAL' | 'RETENTION_INTERVAL' | 'DATA_DIR' | 'ROOT_DIR' | 'BACKUP_INTERVAL' | 'BACKUPS_KEPT'
  >,
  jobs: FeatureJobs,
) {
  const queue = new BackgroundQueue(logger);
  // First, once per start: documents written by older versions (audit months, the features' own).
  queue
    .run('migrations', async (ctx) => {
      const started = Date.now();
      const changed = Object.fromEntries(Object.entries(await runStartMigrations(jobs, ctx)).filter(([, n]) => n > 0));
      if (Object.keys(changed).length > 0)
        logger.info({ ...changed, seconds: Math.round((Date.now() - started) / 1000) }, 'maintenance: older documents completed');
    })
    .catch((err: unknown) => {
      if (!(err instanceof Stopped)) logger.warn({ err }, 'maintenance failed: start-up completion of older documents');
    });
  const stops = [
    startDailyBackups(config, logger, queue).stop,
    every(
      queue,
      config.MAINTENANCE_INTERVAL,
      async () => {
        const purged = await purgeExpired(new Date());
        if (purged.sessions + purged.rateLimits > 0) logger.debug(purged, 'maintenance: expired entries purged');
      },
      logger,
      'purge',
    ),
    every(
      queue,
      config.RETENTION_INTERVAL,
      async (ctx) => {
        const anonymised = await jobs.retention(new Date(), ctx);
        if (anonymised > 0) logger.info({ anonymised }, 'retention: residents anonymised');
      },
      logger,
      'retention',
    ),
  ];
  return {
    /** No new run; waits for the running job to stop at its next step. */
    stop: async () => {
      stops.forEach((stop) => stop());
      await queue.stop();
    },
  };
}
