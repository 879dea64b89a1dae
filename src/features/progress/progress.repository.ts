/**
 * Every read and write of learners' progress (one document per learner, `_id` = the
 * user's id) and of the answers' log. test/http/query-pushdown.test.ts runs `explain` on
 * each builder below.
 */
import mongoose from 'mongoose';
import { namedQueries } from '../../platform/repository.js';
import { Attempt, Progress } from './progress.model.js';
import type { ProgressDoc } from './progress.types.js';

export type { ProgressDoc };

type Id = mongoose.Types.ObjectId;

const build = {
  progressOfUser: (user: Id) => ({ model: Progress, filter: { _id: user } }),
  /**
   * The learner's document while an exercise's last answer is still `submission` (none
   * yet: null): what keeps a repeated answer out when two instances write. The `_id`
   * equality is pushed down; the dotted guard is checked on the one row it returns.
   */
  progressBeforeAnswer: (user: Id, exerciseId: string, submission: string | null) => ({
    model: Progress,
    filter: {
      _id: user,
      [`exercises.${exerciseId}.lastSubmission`]: submission === null ? { $exists: false } : submission,
    },
  }),
};

export const progressQueries = namedQueries(build, {
  progressOfUser: [new mongoose.Types.ObjectId()],
  progressBeforeAnswer: [new mongoose.Types.ObjectId(), 'ordinateur-1', 'abc12345'],
});

export const findProgress = (user: Id, projection?: Record<string, 1>) =>
  Progress.findOne(build.progressOfUser(user).filter, projection).lean<ProgressDoc>();

/** Several learners: one `_id` equality each, in parallel (`$in` is not pushed down). */
export async function findProgressOf(users: Id[]): Promise<ProgressDoc[]> {
  const rows = await Promise.all(users.map((u) => findProgress(u)));
  return rows.filter((d): d is ProgressDoc => d !== null);
}

type Update = { $set?: Record<string, unknown>; $unset?: Record<string, 1> };

/** One write of a learner's document, created at the first; the caller holds its lock. */
export async function updateProgress(user: Id, update: Update, opts: { upsert?: boolean } = {}): Promise<void> {
  await Progress.updateOne(build.progressOfUser(user).filter, update, { upsert: opts.upsert ?? false });
}

/**
 * An answer's write, guarded by the exercise's last answer as read; false when the guard
 * no longer holds (a concurrent repeat). A duplicate `_id` on the upsert throws E11000.
 */
export async function updateProgressAfterAnswer(
  user: Id,
  exerciseId: string,
  lastSubmission: string | null,
  $set: Record<string, unknown>,
): Promise<boolean> {
  const res = await Progress.updateOne(
    build.progressBeforeAnswer(user, exerciseId, lastSubmission).filter,
    { $set },
    { upsert: true },
  );
  return res.matchedCount > 0 || res.upsertedCount > 0;
}

/** Appends to the answers' log; a repeated submission is refused by its unique index (E11000). */
export async function insertAttempt(doc: {
  user: Id;
  exercise: string;
  answer: unknown;
  score: number;
  correct: boolean;
  submission: string;
  createdAt: Date;
}): Promise<void> {
  await Attempt.create(doc);
}
