/** The activity log's backfill of the certificates issued before it (platform/activity-backfill.ts). */
import type { ActivityBackfill } from '../../platform/activity-backfill.js';
import { certificateActivity } from './certificate.activity.js';
import * as repo from './certificate.repository.js';

export const certificateBackfill: ActivityBackfill = {
  name: 'certificates',
  sites: repo.sitesOfCertificates,
  async *recordsOfSite(site) {
    for await (const c of repo.certificatesOfSiteCursor(site)) {
      // Certificates keep no time of their last change: their revocation, or their issue.
      const at = c.revokedAt && c.revokedAt > c.issuedAt ? c.revokedAt : c.issuedAt;
      yield certificateActivity(c, at, { backfill: true });
    }
  },
};
