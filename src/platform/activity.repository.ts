/**
 * Every query of the activity log: one site's records of one type (the statistics'
 * export, the rebuild), equalities FerretDB 1.x on PostgreSQL turns into SQL.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { ActivityRecord, type ActivityDoc } from './activity.model.js';
import { isDuplicateKey } from './ids.js';
import { findBy, namedQueries } from './repository.js';

type Id = mongoose.Types.ObjectId;

const build = {
  activityById: (id: string) => ({ model: ActivityRecord, filter: { _id: id } }),
  activityOfSite: (site: Id, type: string) => ({ model: ActivityRecord, filter: { site, type } }),
};

export const activityQueries = namedQueries(build, {
  activityById: ['support-entry:6b0cabff878e5813b98f9043'],
  activityOfSite: [new mongoose.Types.ObjectId(), 'support-entry'],
});

export const activityExists = async (id: string) =>
  (await ActivityRecord.findOne(build.activityById(id).filter, { _id: 1 }).lean()) !== null;

export type { ActivityDoc };

/** Inserts one record; false when a record of that id is there already (a retry). */
export async function insertActivity(doc: ActivityDoc): Promise<boolean> {
  try {
    await ActivityRecord.create(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Many records at once (a backfill): those already there are skipped. Returns how many were new. */
export async function insertActivities(docs: ActivityDoc[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    const inserted = await ActivityRecord.insertMany(docs, { ordered: false });
    return inserted.length;
  } catch (err) {
    const result = err as { code?: number; insertedDocs?: unknown[]; writeErrors?: { code?: number }[] };
    const errors = result.writeErrors ?? [];
    if (!errors.every((e) => e.code === 11000 || isDuplicateKey(e))) throw err;
    return docs.length - errors.length;
  }
}

/** One site's records of one type (a command or a download, never a page). */
export const activityOfSite = (site: Id, type: string) => findBy(build.activityOfSite(site, type)).lean<ActivityDoc[]>();

/** Every site named by a record (the rebuild walks them one by one). */
export async function sitesWithActivity(): Promise<Id[]> {
  return (await ActivityRecord.distinct('site')).filter((s): s is Id => s instanceof mongoose.Types.ObjectId);
}
