/**
 * Every read and write of learners' progress (one document per learner, `_id` = the
 * user's id) and of the answers' log. test/http/query-pushdown.test.ts runs `explain` on
 * each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { Attempt, Progress, ProgressOverview } from './progress.model.js';
import type { OverviewData } from './progress-overview-rules.js';
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
  overviewOfUser: (user: Id) => ({ model: ProgressOverview, filter: { _id: user } }),
  everyProgress: () => ({ model: Progress, filter: {} }),
  everyOverview: () => ({ model: ProgressOverview, filter: {}, projection: { _id: 1 } }),
};

export const progressQueries = namedQueries(
  build,
  {
    progressOfUser: [new mongoose.Types.ObjectId()],
    progressBeforeAnswer: [new mongoose.Types.ObjectId(), 'ordinateur-1', 'abc12345'],
    overviewOfUser: [new mongoose.Types.ObjectId()],
    everyProgress: [],
    everyOverview: [],
  },
  {
    everyProgress:
      'npm run stats:rebuild and the progress-overviews migration at start: every learner once, off the request path',
    everyOverview:
      'npm run stats:rebuild and the progress-overviews migration at start: which learners have one, off the request path',
  },
);

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

export const findOverview = (user: Id) =>
  ProgressOverview.findOne(build.overviewOfUser(user).filter).lean<Partial<OverviewData> & { _id: Id }>();

/** A change of an overview that exists; false when there is none yet (the caller makes it whole). */
export async function updateOverview(user: Id, update: Update): Promise<boolean> {
  const res = await ProgressOverview.updateOne(build.overviewOfUser(user).filter, update);
  return res.matchedCount > 0;
}

/** The whole overview, written over what was there; the caller holds the progress lock. */
export async function saveOverview(user: Id, data: OverviewData): Promise<void> {
  const whole = { answered: data.answered, skills: data.skills };
  const update = data.last ? { $set: { ...whole, last: data.last } } : { $set: whole, $unset: { last: 1 as const } };
  await ProgressOverview.updateOne(build.overviewOfUser(user).filter, update, { upsert: true });
}

export async function deleteOverview(user: Id): Promise<void> {
  await ProgressOverview.deleteOne(build.overviewOfUser(user).filter);
}

/** Every learner's progress, one at a time (a command's or a migration's walk, never a page). */
export const everyProgressCursor = () => findBy(build.everyProgress()).lean<ProgressDoc[]>().cursor({ batchSize: 100 });

/** The learners that have an overview (a command's or a migration's walk, never a page). */
export async function overviewIds(): Promise<Set<string>> {
  const rows = await findBy(build.everyOverview()).lean<{ _id: Id }[]>();
  return new Set(rows.map((r) => String(r._id)));
}

/** A whole overview where there is none yet (the migration): one written meanwhile by a learner's write stays. */
export async function insertOverviewIfAbsent(user: Id, data: OverviewData): Promise<void> {
  await ProgressOverview.updateOne(build.overviewOfUser(user).filter, { $setOnInsert: data }, { upsert: true });
}
