/**
 * Background purges that FerretDB's missing TTL indexes make our job: expired login
 * throttling entries (sessions are purged by connect-mongo's own interval).
 */
import { purgeExpiredLoginLimits } from '../features/accounts/index.js';
import type { Logger } from './logger.js';

export function startMaintenance(logger: Logger, everyMs = 10 * 60 * 1000) {
  const run = async () => {
    try {
      await purgeExpiredLoginLimits(new Date());
    } catch (err) {
      logger.warn({ err }, 'maintenance failed');
    }
  };
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
