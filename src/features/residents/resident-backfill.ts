/**
 * The activity log's backfill of the support record (platform/activity-backfill.ts):
 * every support entry and every household written before the log existed.
 */
import type { ActivityBackfill } from '../../platform/activity-backfill.js';
import { householdActivity, supportEntryActivity } from './resident.activity.js';
import * as repo from './resident.repository.js';

export const residentBackfills: ActivityBackfill[] = [
  {
    name: 'support-entries',
    sites: repo.sitesOfResidents,
    async *recordsOfSite(site) {
      for await (const e of repo.entriesOfSiteCursor(site)) yield supportEntryActivity(e, e.createdAt ?? e.date);
    },
  },
  {
    name: 'households',
    sites: repo.sitesOfResidents,
    async *recordsOfSite(site) {
      for (const h of await repo.householdsOfSite(site))
        yield householdActivity(h, h.updatedAt ?? new Date(0), { backfill: true });
    },
  },
];
