/**
 * Background purges that FerretDB's missing TTL indexes make our job: expired rate-limit
 * counters (sessions are purged by connect-mongo's own interval); and the
 * personal-data retention rule (anonymise residents with no contact for two years).
 */
import { purgeExpiredRateLimits } from './rate-limits.js';
import { addMissingAuditMonths } from './audit.js';
import { addMissingSearchKeys, runRetention } from '../features/residents/index.js';
import type { Logger } from './logger.js';

export function startMaintenance(logger: Logger, everyMs = 10 * 60 * 1000) {
  let searchKeysDone = false;
  const run = async () => {
    try {
      // Once per start: residents written before the list's search keys existed.
      if (!searchKeysDone) {
        const added = await addMissingSearchKeys();
        const months = await addMissingAuditMonths();
        searchKeysDone = true;
        if (added > 0) logger.info({ added }, 'search keys added to residents');
        if (months > 0) logger.info({ months }, 'months added to audit events');
      }
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
  return { stop: () => clearInterval(timer) };
}
