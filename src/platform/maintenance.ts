/**
 * Background purges that FerretDB's missing TTL indexes make our job: expired rate-limit
 * counters (sessions are purged by connect-mongo's own interval); and the
 * personal-data retention rule (anonymise residents with no contact for two years);
 * the daily backup into DATA_DIR/backups (src/platform/backup.ts).
 */
import { purgeExpiredRateLimits } from './rate-limits.js';
import { runRetention } from '../features/residents/index.js';
import type { Logger } from './logger.js';
import type { Config } from '../config.js';
import { startDailyBackups } from './backup.js';

export function startMaintenance(
  logger: Logger,
  config: Pick<Config, 'DATA_DIR' | 'ROOT_DIR' | 'BACKUP_INTERVAL' | 'BACKUPS_KEPT'>,
  everyMs = 10 * 60 * 1000,
) {
  const backups = startDailyBackups(config, logger);
  const run = async () => {
    try {
      await purgeExpiredRateLimits(new Date());
      const anonymised = await runRetention(new Date());
      if (anonymised > 0) logger.info({ anonymised }, 'retention: residents anonymised');
    } catch (err) {
      logger.warn({ err }, 'maintenance failed');
    }
  };
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      backups.stop();
    },
  };
}
