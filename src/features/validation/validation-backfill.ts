/** The activity log's backfill of the validations written before it (platform/activity-backfill.ts). */
import type { ActivityBackfill } from '../../platform/activity-backfill.js';
import { validationActivity } from './validation.activity.js';
import * as repo from './validation.repository.js';

export const validationBackfill: ActivityBackfill = {
  name: 'validations',
  sites: repo.sitesOfHistory,
  async *recordsOfSite(site) {
    for await (const v of repo.historyOfSiteCursor(site)) yield validationActivity(v);
  },
};
