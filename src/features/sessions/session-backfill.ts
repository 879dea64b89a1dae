/** The activity log's backfill of the workshop sessions written before it (platform/activity-backfill.ts). */
import type { ActivityBackfill } from '../../platform/activity-backfill.js';
import { sessionActivity } from './session.activity.js';
import * as repo from './workshop-session.repository.js';

export const sessionBackfill: ActivityBackfill = {
  name: 'sessions',
  sites: repo.sitesOfSessions,
  async *recordsOfSite(site) {
    for await (const s of repo.sessionsOfSiteCursor(site)) {
      const at = (s as { updatedAt?: Date }).updatedAt ?? s.date;
      yield sessionActivity(s, at, { backfill: true });
    }
  },
};
