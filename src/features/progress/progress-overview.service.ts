/**
 * The learner's progress overview (progress-overview-rules.ts): read by the pages of
 * counts instead of the whole progress document (on FerretDB a document costs CPU by its
 * size: the whole one, every exercise tried with its seven fields, about 4.9 ms at 100
 * answers). Changed by each write of the progress, under its lock (progress.service.ts);
 * made whole by the `progress-overviews` migration and by `npm run stats:rebuild`.
 */
import mongoose from 'mongoose';
import type { JobContext } from '../../platform/background.js';
import { WRITE_BATCH } from '../../platform/background.js';
import type { Migration } from '../../platform/migrations.js';
import { withProgressLock } from './progress-lock.js';
import { overviewDifferences, overviewOf, progressOfOverview, type ProgressOverview } from './progress-overview-rules.js';
import * as repo from './progress.repository.js';
import type { RebuildReport } from '../../platform/rebuild-report.js';

const oid = (id: string) => new mongoose.Types.ObjectId(id);

/** What the pages of counts read; before the migration reached this learner, from their whole progress. */
export async function getProgressOverview(userId: string): Promise<ProgressOverview> {
  const overview = await repo.findOverview(oid(userId));
  return progressOfOverview(overview ?? overviewOf(await repo.findProgress(oid(userId))));
}

type Update = Parameters<typeof repo.updateOverview>[1];

/**
 * The same change as the progress document's, on its overview; the caller holds the
 * progress lock and has written the progress. With no overview yet, the whole one from
 * the progress just written (so a change never lands on a partial overview).
 */
export async function keepOverview(userId: string, update: Update): Promise<void> {
  if (await repo.updateOverview(oid(userId), update)) return;
  const doc = await repo.findProgress(oid(userId));
  if (doc) await repo.saveOverview(oid(userId), overviewOf(doc));
}

/** The overview made again from the progress (under its lock); whether it differed, with what. */
async function remake(userId: string, dryRun: boolean): Promise<string[]> {
  return withProgressLock(userId, async () => {
    const [progress, overview] = await Promise.all([repo.findProgress(oid(userId)), repo.findOverview(oid(userId))]);
    if (!progress) {
      if (!overview) return [];
      if (!dryRun) await repo.deleteOverview(oid(userId));
      return [`progression ${userId} : résumé sans progression / overview without progress`];
    }
    const differences = overviewDifferences(userId, overview, overviewOf(progress));
    if (differences.length && !dryRun) await repo.saveOverview(oid(userId), overviewOf(progress));
    return differences;
  });
}

/**
 * `npm run stats:rebuild`: every overview checked against its progress, those that
 * differ made again under the lock (after a second look there: a learner may answer
 * meanwhile), and any overview left without progress removed.
 */
export async function rebuildProgressOverviews(
  opts: { dryRun?: boolean; step?: () => Promise<void>; onProgress?: (done: number) => void } = {},
): Promise<RebuildReport> {
  const report: RebuildReport = { checked: 0, differences: [], written: 0 };
  const orphans = await repo.overviewIds();
  for await (const doc of repo.everyProgressCursor()) {
    await opts.step?.();
    const id = String(doc._id);
    orphans.delete(id);
    report.checked++;
    const overview = await repo.findOverview(doc._id);
    if (overviewDifferences(id, overview, overviewOf(doc)).length > 0) {
      const differences = await remake(id, opts.dryRun ?? false);
      report.differences.push(...differences);
      if (differences.length && !opts.dryRun) report.written++;
    }
    if (report.checked % 1000 === 0) opts.onProgress?.(report.checked);
  }
  for (const id of orphans) {
    const differences = await remake(id, opts.dryRun ?? false);
    report.differences.push(...differences);
    if (differences.length && !opts.dryRun) report.written++;
  }
  return report;
}

/**
 * Learners whose progress was written before the overviews get theirs (a start-up
 * migration): one walk of the progress, WRITE_BATCH overviews at a time, each written
 * under the learner's lock and only where none exists yet (a write of the learner's
 * meanwhile made it whole already). Stopped, it resumes: those written are skipped.
 */
export const progressOverviewMigration: Migration = {
  name: 'progress-overviews',
  async run(ctx: JobContext) {
    const have = await repo.overviewIds();
    await ctx.step();
    let written = 0;
    let batch: repo.ProgressDoc[] = [];
    const flush = async () => {
      await Promise.all(
        batch.map((d) => withProgressLock(String(d._id), () => repo.insertOverviewIfAbsent(d._id, overviewOf(d)))),
      );
      written += batch.length;
      batch = [];
      await ctx.step();
    };
    for await (const doc of repo.everyProgressCursor()) {
      if (have.has(String(doc._id))) continue;
      batch.push(doc);
      if (batch.length >= WRITE_BATCH) await flush();
    }
    if (batch.length) await flush();
    return written;
  },
};
