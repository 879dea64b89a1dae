/**
 * Reads of learners' progress: one document per learner, `_id` = the user's id.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { namedQueries } from '../../platform/repository.js';
import { Progress, type ProgressDoc } from './progress.model.js';

type Id = mongoose.Types.ObjectId;

const build = {
  progressOfUser: (user: Id) => ({ model: Progress, filter: { _id: user } }),
};

export const progressQueries = namedQueries(build, { progressOfUser: [new mongoose.Types.ObjectId()] });

export const findProgress = (user: Id) => Progress.findOne(build.progressOfUser(user).filter).lean<ProgressDoc>();

/** Several learners: one `_id` equality each, in parallel (`$in` is not pushed down). */
export async function findProgressOf(users: Id[]): Promise<ProgressDoc[]> {
  const rows = await Promise.all(users.map(findProgress));
  return rows.filter((d): d is ProgressDoc => d !== null);
}
