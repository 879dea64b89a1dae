/**
 * The app's named queries: every repository names the query shapes it runs (builders
 * with an example argument list, and the few known to read a whole collection), and
 * this lists the repositories. test/http/query-pushdown.test.ts asks FerretDB whether
 * each filter is pushed down; test/http/query-plans.test.ts asks PostgreSQL how it
 * runs each one at size.
 */
import { userQueries } from '../../src/features/accounts/user.repository.js';
import { certificateQueries } from '../../src/features/certificates/certificate.repository.js';
import { credentialQueries } from '../../src/features/certificates/credential.repository.js';
import { credentialKeyQueries } from '../../src/features/certificates/credential-key.repository.js';
import { progressQueries } from '../../src/features/progress/progress.repository.js';
import { attachmentQueries } from '../../src/features/residents/attachment.repository.js';
import { residentQueries } from '../../src/features/residents/resident.repository.js';
import { sessionQueries } from '../../src/features/sessions/workshop-session.repository.js';
import { selfAssessmentQueries } from '../../src/features/self-assessment/self-assessment.repository.js';
import { sessionCodeQueries } from '../../src/features/session-codes/session-code.repository.js';
import { siteQueries } from '../../src/features/sites/site.repository.js';
import { statisticsQueries } from '../../src/features/statistics/statistics.repository.js';
import { validationQueries } from '../../src/features/validation/validation.repository.js';
import { activityQueries } from '../../src/platform/activity.repository.js';
import { auditQueries } from '../../src/platform/audit.repository.js';
import { migrationQueries } from '../../src/platform/migrations.js';
import { namePartsQueries } from '../../src/platform/name-parts.repository.js';
import type { NamedQueries, QueryBuilders, QuerySpec } from '../../src/platform/repository.js';

export const REPOSITORIES: Record<string, NamedQueries<QueryBuilders>> = {
  accounts: userQueries,
  certificates: certificateQueries,
  credentials: credentialQueries,
  'credential keys': credentialKeyQueries,
  progress: progressQueries,
  residents: residentQueries,
  sessions: sessionQueries,
  'session codes': sessionCodeQueries,
  'self-assessments': selfAssessmentQueries,
  sites: siteQueries,
  statistics: statisticsQueries,
  attachments: attachmentQueries,
  validation: validationQueries,
  activity: activityQueries,
  audit: auditQueries,
  migrations: migrationQueries,
  'name parts': namePartsQueries,
};

export interface NamedQuery {
  repository: string;
  name: string;
  spec: QuerySpec;
  /** Declared to read its whole collection, with where it runs (never a request path). */
  scan?: string;
  /** Declared to read a whole collection that stays small whatever the city's size. */
  bounded?: string;
}

/** Every named query, built with its example arguments. */
export function namedQueryList(): NamedQuery[] {
  return Object.entries(REPOSITORIES).flatMap(([repository, { build, examples, scans, bounded }]) =>
    Object.entries(build).map(([name, builder]) => ({
      repository,
      name,
      spec: builder(...(examples[name] as unknown[])),
      scan: scans[name],
      bounded: bounded?.[name],
    })),
  );
}
