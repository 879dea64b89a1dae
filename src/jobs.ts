/**
 * The features' background jobs, handed to platform/maintenance.ts (which imports no
 * feature): server.ts starts them, tests and scripts run them. Each runs in the app's
 * own scope (its catalogue, its activity listeners), as the app's requests do.
 */
import type { Express } from 'express';
import { appScopeOf } from './app.js';
import { certificateBackfill } from './features/certificates/index.js';
import { runRetention } from './features/record/index.js';
import { addMissingFileResidents, addMissingSearchKeys, residentBackfills } from './features/residents/index.js';
import { sessionBackfill } from './features/sessions/index.js';
import { validationBackfill } from './features/validation/index.js';
import { runActivityBackfills } from './platform/activity-backfill.js';
import type { FeatureJobs } from './platform/maintenance.js';

/** Data written before the activity log: recorded once, site by site (platform/activity-backfill.ts). */
export const ACTIVITY_BACKFILLS = [...residentBackfills, sessionBackfill, validationBackfill, certificateBackfill];

export function featureJobs(app: Express): FeatureJobs {
  const scope = appScopeOf(app);
  return {
    retention: (now) => scope.run(() => runRetention(now)),
    atStart: () =>
      scope.run(async () => ({
        // Residents written before the lists' search keys.
        residentSearchKeys: await addMissingSearchKeys(),
        // Attached files stored before their resident was copied to the top level.
        attachmentResidents: await addMissingFileResidents(),
        ...(await runActivityBackfills(ACTIVITY_BACKFILLS)),
      })),
  };
}
