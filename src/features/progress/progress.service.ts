import mongoose from 'mongoose';
import type { ExerciseProgress, LastVisit, SelfLevel, SkillProgress, SkillValidation } from './progress.types.js';
import * as repo from './progress.repository.js';
import { isDuplicateKey } from '../../platform/ids.js';
import { withProgressLock } from './progress-lock.js';
import { keepOverview } from './progress-overview.service.js';
import { overviewLast, overviewValidation } from './progress-overview-rules.js';

/** Plain progress of one learner, as pages and pure rules use it. */
export interface ProgressData {
  skills: Record<string, SkillProgress>;
  exercises: Record<string, ExerciseProgress>;
  last?: LastVisit;
}

const oid = (id: string) => new mongoose.Types.ObjectId(id);

export async function getProgress(userId: string): Promise<ProgressData> {
  const doc = await repo.findProgress(oid(userId));
  return { skills: doc?.skills ?? {}, exercises: doc?.exercises ?? {}, last: doc?.last };
}

/** Several learners at once (a leader's session grid): one `_id` read each, in parallel. */
export async function getProgressOf(userIds: string[]): Promise<Map<string, ProgressData>> {
  const docs = await repo.findProgressOf([...new Set(userIds)].map(oid));
  const byId = new Map(docs.map((d) => [String(d._id), { skills: d.skills ?? {}, exercises: d.exercises ?? {}, last: d.last }]));
  return new Map(userIds.map((id) => [id, byId.get(id) ?? { skills: {}, exercises: {} }]));
}

export interface AttemptInput {
  exerciseId: string;
  skillId: string;
  moduleId: string;
  submission: string;
  score: number;
  correct: boolean;
  answer: unknown;
}

/**
 * Records one answer: read and write under the progress lock. The filter also refuses a
 * submission id the exercise has already seen (what keeps a repeat out on MongoDB with
 * several instances), so a double submit or a reload counts once: the upsert then
 * collides on `_id` and we report a duplicate. Returns false for a duplicate.
 */
export async function recordAttempt(userId: string, a: AttemptInput, now: Date): Promise<boolean> {
  // The read and the write in one lock: concurrent answers all count, a repeat once.
  const recorded = await withProgressLock(userId, () => writeAttempt(userId, a, now));
  if (!recorded) return false;
  // The append-only log is written after the progress, and a duplicate is ignored.
  await repo
    .insertAttempt({
      user: oid(userId),
      exercise: a.exerciseId,
      answer: a.answer,
      score: a.score,
      correct: a.correct,
      submission: a.submission,
      createdAt: now,
    })
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  return true;
}

async function writeAttempt(userId: string, a: AttemptInput, now: Date): Promise<boolean> {
  const ex = `exercises.${a.exerciseId}`;
  const sk = `skills.${a.skillId}`;
  const current = await repo.findProgress(oid(userId), { [ex]: 1, [sk]: 1 });
  const prevEx = current?.exercises?.[a.exerciseId];
  if (prevEx?.lastSubmission === a.submission) return false;
  const prevSkill = current?.skills?.[a.skillId];
  const next: ExerciseProgress = {
    attempts: (prevEx?.attempts ?? 0) + 1,
    bestScore: Math.max(prevEx?.bestScore ?? 0, a.score),
    lastScore: a.score,
    lastCorrect: a.correct,
    solved: Boolean(prevEx?.solved) || a.correct,
    lastAt: now,
    lastSubmission: a.submission,
  };
  // Guarded by the previous state: a concurrent duplicate finds the guard changed.
  try {
    const bestScore = Math.max(prevSkill?.bestScore ?? 0, a.score);
    const last: LastVisit = { module: a.moduleId, kind: 'exercice', id: a.exerciseId, at: now };
    const written = await repo.updateProgressAfterAnswer(oid(userId), a.exerciseId, prevEx?.lastSubmission ?? null, {
      [ex]: next,
      [`${sk}.bestScore`]: bestScore,
      [`${sk}.attempts`]: (prevSkill?.attempts ?? 0) + 1,
      [`${sk}.lastActivityAt`]: now,
      last,
      updatedAt: now,
    });
    if (!written) return false;
    await keepOverview(userId, {
      $set: { [`answered.${a.exerciseId}`]: next.solved, [`skills.${a.skillId}.bestScore`]: bestScore, last: overviewLast(last) },
    });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  return true;
}

export async function recordSelfAssessment(userId: string, skillId: string, level: SelfLevel, now: Date): Promise<void> {
  await withProgressLock(userId, async () => {
    await repo.updateProgress(
      oid(userId),
      {
        $set: {
          [`skills.${skillId}.self`]: level,
          [`skills.${skillId}.selfAt`]: now,
          [`skills.${skillId}.lastActivityAt`]: now,
          updatedAt: now,
        },
      },
      { upsert: true },
    );
    await keepOverview(userId, { $set: { [`skills.${skillId}.self`]: level } });
  });
}

/** "Continue where I stopped": the last lesson or exercise opened. */
export async function recordVisit(userId: string, visit: Omit<LastVisit, 'at'>, now: Date): Promise<void> {
  await withProgressLock(userId, async () => {
    await repo.updateProgress(oid(userId), { $set: { last: { ...visit, at: now } } }, { upsert: true });
    await keepOverview(userId, { $set: { last: overviewLast(visit) } });
  });
}

export async function setValidation(userId: string, skillId: string, validation: SkillValidation, now: Date): Promise<void> {
  await withProgressLock(userId, async () => {
    await repo.updateProgress(
      oid(userId),
      { $set: { [`skills.${skillId}.validation`]: validation, updatedAt: now } },
      { upsert: true },
    );
    await keepOverview(userId, { $set: { [`skills.${skillId}.validation`]: overviewValidation(validation) } });
  });
}

export async function removeValidation(userId: string, skillId: string, now: Date): Promise<void> {
  await withProgressLock(userId, async () => {
    await repo.updateProgress(oid(userId), { $unset: { [`skills.${skillId}.validation`]: 1 }, $set: { updatedAt: now } });
    await keepOverview(userId, { $unset: { [`skills.${skillId}.validation`]: 1 } });
  });
}

/** Erasure: the leaders' comments on a learner's validations may name them; blank them. */
export async function clearValidationComments(userId: string, now: Date): Promise<void> {
  await withProgressLock(userId, async () => {
    const doc = await repo.findProgress(oid(userId), { skills: 1 });
    const withComment = Object.entries(doc?.skills ?? {}).filter(([, s]) => s.validation?.comment);
    if (withComment.length === 0) return;
    const $set: Record<string, unknown> = { updatedAt: now };
    for (const [skill] of withComment) $set[`skills.${skill}.validation.comment`] = '';
    await repo.updateProgress(oid(userId), { $set });
  });
}
