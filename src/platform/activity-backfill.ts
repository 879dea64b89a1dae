/**
 * The activity log began after the data: what was written before it (support entries,
 * sessions, validations, certificates, households) is recorded once by a backfill that
 * the start-up job runs (src/jobs.ts `atStart`), and `npm run stats:rebuild` before it
 * counts. Each feature gives its records one site at a time; they are inserted in small
 * batches (a record already there is skipped, so a retry is harmless), the job yields to
 * requests between batches (`step`, the background queue's: background.ts), and a site done is marked in the log itself
 * (`backfill:<name>:<site>`), so a stopped backfill resumes at the first site not done.
 * Records of things that change carry the instant of their last change and the backfill's
 * id (activity.ts `backfillId`): any later change sorts after them.
 */
import type mongoose from 'mongoose';
import { toDoc, type Activity } from './activity.js';
import { directContext, type JobContext } from './background.js';
import { activityExists, insertActivities, insertActivity } from './activity.repository.js';

const BATCH = 50;

export interface ActivityBackfill {
  /** Names the backfill's marks: one per feature's kind of record. */
  name: string;
  sites(): Promise<mongoose.Types.ObjectId[]>;
  /** The records of one site's data, as the feature would have written them. */
  recordsOfSite(site: mongoose.Types.ObjectId): AsyncIterable<Activity>;
}

/** Runs the backfills not done yet; answers how many records each wrote. */
export async function runActivityBackfills(
  backfills: readonly ActivityBackfill[],
  ctx: JobContext = directContext,
  /** Records per insert: small in the app's background; larger for a script on a database of its own (seed:scale). */
  batchSize = BATCH,
  now = new Date(),
): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  for (const b of backfills) written[`activity:${b.name}`] = await backfillOne(b, ctx, batchSize, now);
  return written;
}

async function backfillOne(b: ActivityBackfill, ctx: JobContext, batchSize: number, now: Date): Promise<number> {
  let written = 0;
  for (const site of await b.sites()) {
    const mark = `backfill:${b.name}:${String(site)}`;
    if (await activityExists(mark)) continue;
    let batch: Activity[] = [];
    const flush = async () => {
      written += await insertActivities(batch.map(toDoc));
      batch = [];
      await ctx.step();
    };
    for await (const record of b.recordsOfSite(site)) {
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await insertActivity({ _id: mark, type: 'backfill', subject: b.name, at: now, data: {} });
  }
  return written;
}
