/**
 * The features' background jobs, handed to platform/maintenance.ts (which imports no
 * feature): server.ts starts them, tests and scripts run them. Each runs in the app's
 * own scope (its catalogue, its activity listeners), as the app's requests do, and
 * yields to requests between its small steps (platform/background.ts).
 */
import type { Express } from 'express';
import { appScopeOf } from './app.js';
import { accountInitialMigration, accountPartsMigration } from './features/accounts/index.js';
import {
  certificateBackfill,
  certificateListKeysMigration,
  certificateListSlotsMigration,
} from './features/certificates/index.js';
import { progressOverviewMigration } from './features/progress/index.js';
import { runRetention } from './features/record/index.js';
import {
  addMissingFileResidents,
  addMissingSearchKeys,
  fillSiteBuildings,
  rekeyHouseholds,
  residentBackfills,
  residentPartsMigration,
} from './features/residents/index.js';
import { rebuildSessionKeys, sessionBackfill, sessionMonthMigration } from './features/sessions/index.js';
import { addSummaryWeeks, rebuildSessionSummaries, validationBackfill } from './features/validation/index.js';
import { runActivityBackfills } from './platform/activity-backfill.js';
import { directContext } from './platform/background.js';
import type { FeatureJobs } from './platform/maintenance.js';
import { runMigrations, type Migration } from './platform/migrations.js';

/** Data written before the activity log: recorded once, site by site (platform/activity-backfill.ts). */
export const ACTIVITY_BACKFILLS = [...residentBackfills, sessionBackfill, validationBackfill, certificateBackfill];

/** Residents written before the lists' search keys. */
const residentSearchKeys: Migration = { name: 'resident-search-keys', run: (ctx) => addMissingSearchKeys(ctx.step) };

/** Attached files stored before their resident was copied to the top level. */
const attachmentResidents: Migration = { name: 'attachment-residents', run: (ctx) => addMissingFileResidents(ctx.step) };

/**
 * Households keyed before "Bât. C" and "bat c" were one building. Those that would now
 * share a key with another of their site are left as they were and counted in the
 * start-up log line (`households-sharing-a-key`): a coordinator decides, nothing is merged.
 */
const householdKeys = ((): { migration: Migration; sharing: () => number } => {
  let sharing = 0;
  return {
    migration: {
      name: 'household-building-keys',
      run: async (ctx) => {
        const r = await rekeyHouseholds(ctx.step);
        sharing = r.sharing;
        return r.changed;
      },
    },
    /** Read once: the next start that finds the migration done tells 0. */
    sharing: () => {
      const n = sharing;
      sharing = 0;
      return n;
    },
  };
})();

/** Sites made before their list of buildings: the one their households give (a coordinator corrects it). */
const siteBuildings: Migration = { name: 'site-buildings-from-households', run: (ctx) => fillSiteBuildings(ctx.step) };

/** Sessions written before their week key and their workshop's regulars (the leader's home, the attendance picker). */
const sessionKeys: Migration = {
  name: 'session-weeks-and-regulars',
  run: async (ctx) => (await rebuildSessionKeys({ step: ctx.step })).written,
};

/** Sessions written before their summary (the leader's home). */
const sessionSummaries: Migration = {
  name: 'session-summaries',
  run: async (ctx) => (await rebuildSessionSummaries({ step: ctx.step })).written,
};

/** Summaries written before their week key (the leader's home reads them by site and week). */
const summaryWeeks: Migration = { name: 'session-summary-weeks', run: (ctx) => addSummaryWeeks(ctx.step) };

/**
 * The data migrations, in order (platform/migrations.ts): each has its marker, so a
 * finished one costs one lookup by `_id` at the next start.
 */
export const MIGRATIONS: readonly Migration[] = [
  residentSearchKeys,
  attachmentResidents,
  householdKeys.migration,
  siteBuildings,
  sessionKeys,
  sessionSummaries,
  summaryWeeks,
  // The lists read by month and by letter (issue 20): older documents get their keys.
  certificateListKeysMigration,
  certificateListSlotsMigration,
  sessionMonthMigration,
  accountInitialMigration,
  // The lists by name read one part of a letter (at most 50 rows) and no household (issue 20).
  residentPartsMigration,
  accountPartsMigration,
  // The learners' overviews, read by the pages of counts instead of their whole progress (issue 20).
  progressOverviewMigration,
];

/** The lists' parts by name: `npm run stats:rebuild` and `seed:scale` lay them out as these do. */
export const LIST_PART_MIGRATIONS = [residentPartsMigration.name, accountPartsMigration.name];

/** What `npm run stats:rebuild` and `seed:scale` make whole, so that the app has nothing left to migrate. */
export const SESSION_MIGRATIONS = [sessionKeys.name, sessionSummaries.name, summaryWeeks.name];

export function featureJobs(app: Express): FeatureJobs {
  const scope = appScopeOf(app);
  return {
    retention: (now, ctx = directContext) => scope.run(() => runRetention(now, ctx.step)),
    atStart: (ctx = directContext) =>
      scope.run(async () => ({
        ...(await runMigrations(MIGRATIONS, ctx)),
        // Counted by the run above (0 when it was done before): told in the start-up log line.
        'households-sharing-a-key': householdKeys.sharing(),
        // Marked site by site in the log itself: a finished site costs one lookup.
        ...(await runActivityBackfills(ACTIVITY_BACKFILLS, ctx)),
      })),
  };
}
