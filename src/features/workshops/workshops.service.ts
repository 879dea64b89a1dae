/**
 * Use cases of the workshop pages: catalogue, module, lesson, exercise, answer,
 * self-assessment and the progress page. Content comes from the in-memory catalogue,
 * progress from the learner's one progress document.
 */
import { randomUUID } from 'node:crypto';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import { findSessionUser, type SessionUser } from '../accounts/index.js';
import {
  describeFeedback,
  displayOrder,
  parseAnswer,
  scoreAnswer,
  type Answer,
  type ExerciseResult,
  type FeedbackDetail,
  type ShuffledExercise,
} from '../exercises/index.js';
import {
  getProgress,
  getProgressOverview,
  recordAttempt,
  recordSelfAssessment,
  recordVisit,
  summarizeModule,
  STANDINGS,
  type ModuleSummary,
  type ProgressOverview,
  type SelfLevel,
  type Standing,
} from '../progress/index.js';
import { catalogue } from './catalogue.service.js';
import type { Exercise, Lesson, Module } from '../catalogue/index.js';
import { exerciseUrl, lessonUrl, moduleReviewUrl } from './content.paths.js';
import { exercisesInPathOrder, isScored, lessonPath, placeOf, type ExercisePlace } from './lesson-path.js';
import { moduleDone, nextModuleAfter, nextStep, type NextStep } from './next-step-rules.js';

function moduleOr404(moduleId: string): Module {
  const m = catalogue().moduleById.get(moduleId);
  if (!m) throw new NotFound('workshops.errors.moduleNotFound');
  return m;
}

function exerciseOr404(module: Module, exerciseId: string): Exercise {
  const e = catalogue().exerciseById.get(exerciseId);
  if (!e || e.moduleId !== module.id) throw new NotFound('workshops.errors.exerciseNotFound');
  return e;
}

/** Only learners have progress; staff browse the content without it. */
const learner = (user: SessionUser) => user.role === 'resident';

/** The pages of counts read the learner's overview, not their whole progress (progress-overview-rules.ts). */
async function progressOf(user: SessionUser): Promise<ProgressOverview> {
  return learner(user) ? getProgressOverview(user.id) : { skills: {}, exercises: {} };
}

export interface ContinueLink {
  url: string;
  title: string;
  moduleId: string;
  moduleTitle: string;
  kind: 'lecon' | 'exercice';
  /** back: an exercise left unsolved; next: the step after the last one; new: a module not started. */
  why: NextStep['why'];
}

function linkOf(step: NextStep | null): ContinueLink | null {
  if (!step) return null;
  const m = catalogue().moduleById.get(step.module)!;
  const base = { moduleId: m.id, moduleTitle: m.title, kind: step.kind, why: step.why };
  if (step.kind === 'lecon') {
    const l = m.lessons.find((x) => x.id === step.id)!;
    return { ...base, url: lessonUrl(m.id, l.id), title: l.title };
  }
  const e = catalogue().exerciseById.get(step.id)!;
  return { ...base, url: exerciseUrl(m.id, e.id), title: e.question.text };
}

/** "Continuer": the next lesson or exercise from the learner's progress (next-step-rules.ts). */
const continueLink = (progress: ProgressOverview) => linkOf(nextStep(catalogue().modules, progress));

/** The resident's home: one big "Continuer", and the modules started with their skills in words. */
export async function residentHome(user: SessionUser) {
  const progress = await getProgressOverview(user.id);
  const started = catalogue()
    .modules.map((m) => summarizeModule(m, progress))
    .filter((m) => m.started);
  return {
    continueAt: continueLink(progress),
    started: started.map((m) => ({ summary: m, standings: countStandings(m) })),
  };
}

/** How many skills of a module stand at each word, in the rule's order, zeros left out. */
function countStandings(m: ModuleSummary): { standing: Standing; count: number }[] {
  return STANDINGS.map((standing) => ({ standing, count: m.skills.filter((s) => s.standing === standing).length })).filter(
    (x) => x.count > 0,
  );
}

/**
 * The end of a module: what was learnt (each skill in words), the exercises to review,
 * and what comes next (the next module with something to do).
 */
export async function moduleReview(user: SessionUser, moduleId: string) {
  const module = moduleOr404(moduleId);
  const progress = await progressOf(user);
  const summary = summarizeModule(module, progress);
  const scored = exercisesInPathOrder(module).filter(isScored);
  const link = (e: Exercise) => ({ url: exerciseUrl(module.id, e.id), title: e.question.text });
  return {
    module,
    summary,
    tracked: learner(user),
    done: moduleDone(module, progress),
    toReview: scored.filter((e) => progress.exercises[e.id] && !progress.exercises[e.id]!.solved).map(link),
    notTried: scored.filter((e) => !progress.exercises[e.id]).map(link),
    next: learner(user) ? linkOf(nextModuleAfter(catalogue().modules, progress, module.id)) : null,
  };
}

export async function cataloguePage(user: SessionUser) {
  const progress = await progressOf(user);
  const modules = catalogue().modules.map((m) => ({ module: m, summary: summarizeModule(m, progress) }));
  return { modules, continueAt: continueLink(progress), tracked: learner(user) };
}

export async function modulePage(user: SessionUser, moduleId: string) {
  const module = moduleOr404(moduleId);
  const progress = await progressOf(user);
  const summary = summarizeModule(module, progress);
  // Continue at the first scored exercise not solved yet, along the path.
  const next = exercisesInPathOrder(module).find((e) => isScored(e) && !progress.exercises[e.id]?.solved);
  const first = module.lessons[0];
  return {
    module,
    summary,
    tracked: learner(user),
    lessonSteps: lessonPath(module).map((step) => ({
      lesson: step.lesson,
      exercises: step.exercises.map((e) => ({ exercise: e, state: progress.exercises[e.id] ?? null })),
    })),
    startUrl: summary.started ? (next ? exerciseUrl(module.id, next.id) : null) : first ? lessonUrl(module.id, first.id) : null,
  };
}

export async function lessonPage(user: SessionUser, moduleId: string, lessonId: string, now: Date) {
  const module = moduleOr404(moduleId);
  const index = module.lessons.findIndex((l) => l.id === lessonId);
  if (index < 0) throw new NotFound('workshops.errors.lessonNotFound');
  if (learner(user)) await recordVisit(user.id, { module: module.id, kind: 'lecon', id: lessonId }, now);
  const lesson = module.lessons[index] as Lesson;
  return {
    module,
    lesson,
    position: index + 1,
    previous: module.lessons[index - 1] ?? null,
    next: module.lessons[index + 1] ?? null,
    /** "Essayez maintenant": this lesson's exercises. */
    exercises: lessonPath(module).find((s) => s.lesson.id === lesson.id)?.exercises ?? [],
  };
}

export interface ExerciseView {
  module: Module;
  exercise: Exercise;
  /** One-time id of this form: a double submit of it counts once. */
  submission: string;
  /** Ordering items, matching right texts or choice options in display order (ids). */
  order: string[];
  /** Its lesson, and its place among the module's scored exercises. */
  place: ExercisePlace;
}

const shuffled = (e: Exercise): e is ShuffledExercise =>
  ['remettre-en-ordre', 'associer', 'choix-unique', 'choix-multiple', 'situation'].includes(e.type);

/**
 * The form of an exercise. Its options come in an order of their own for each learner
 * and each attempt (`attempt`: the answers counted so far), so that no place and no
 * cue gives the answer away; a reload shows the same order.
 */
export function exerciseForm(user: SessionUser, moduleId: string, exerciseId: string, attempt = 0): ExerciseView {
  const module = moduleOr404(moduleId);
  const exercise = exerciseOr404(module, exerciseId);
  const order = shuffled(exercise) ? displayOrder(exercise, `${user.id}:${attempt}`) : [];
  return {
    module,
    exercise,
    submission: randomUUID(),
    order,
    place: placeOf(module, exercise),
  };
}

export async function openExercise(
  user: SessionUser,
  moduleId: string,
  exerciseId: string,
  now: Date,
  opts: { visit: boolean } = { visit: true },
): Promise<ExerciseView> {
  const attempt = learner(user) ? ((await getProgress(user.id)).exercises[exerciseId]?.attempts ?? 0) : 0;
  const view = exerciseForm(user, moduleId, exerciseId, attempt);
  // An answer refused and shown again is not a new visit.
  if (learner(user) && opts.visit) await recordVisit(user.id, { module: moduleId, kind: 'exercice', id: exerciseId }, now);
  return view;
}

const SUBMISSION = /^[A-Za-z0-9-]{8,64}$/;

export interface FeedbackView {
  module: Module;
  exercise: Exercise;
  result: ExerciseResult;
  /** The learner's answer as the form sent it, to show it back. */
  answer: Answer;
  /** "Votre réponse" beside "La bonne réponse"; null for a self-assessment. */
  detail: FeedbackDetail | null;
  counted: boolean;
  /** The next exercise of the same lesson; else the next lesson; else back to the module. */
  nextExercise: Exercise | null;
  nextLesson: Lesson | null;
  retryUrl: string;
  lessonUrl: string | null;
  /** The module's summary page, after its last step. */
  reviewUrl: string | null;
}

export interface AnswerOutcome {
  counted: boolean;
}

/** Saves an answer (a repeat of the same form counts once); the result page shows it. */
export async function submitAnswer(
  user: SessionUser,
  moduleId: string,
  exerciseId: string,
  body: Record<string, unknown>,
  now: Date,
): Promise<AnswerOutcome> {
  const module = moduleOr404(moduleId);
  // A posted answer to an exercise that does not exist is a tampered form: 400.
  const exercise = catalogue().exerciseById.get(exerciseId);
  if (!exercise || exercise.moduleId !== module.id) throw new BadInput('workshops.errors.exerciseNotFound');
  const submission = body.submission;
  if (typeof submission !== 'string' || !SUBMISSION.test(submission)) throw new BadInput('exercises.errors.malformed');
  // An empty answer is refused here (exercises.errors.empty): nothing is counted.
  const answer = parseAnswer(exercise, body);
  const result = scoreAnswer(exercise, answer);
  let counted = false;
  if (learner(user)) {
    if (result.kind === 'self-assessment') {
      await recordSelfAssessment(user.id, exercise.skill, result.level, now);
      counted = true;
    } else {
      counted = await recordAttempt(
        user.id,
        { exerciseId, skillId: exercise.skill, moduleId, submission, score: result.score, correct: result.correct, answer },
        now,
      );
    }
  }
  return { counted };
}

/**
 * The result page of an answer already saved, scored again from the answer's fields
 * (pure: nothing is read or saved); null when they hold no answer.
 */
export function answerResult(
  moduleId: string,
  exerciseId: string,
  fields: Record<string, unknown>,
  counted: boolean,
): FeedbackView | null {
  const module = moduleOr404(moduleId);
  const exercise = exerciseOr404(module, exerciseId);
  let answer: Answer;
  try {
    answer = parseAnswer(exercise, fields);
  } catch (err) {
    if (err instanceof BadInput) return null;
    throw err;
  }
  const result = scoreAnswer(exercise, answer);
  const place = placeOf(module, exercise);
  return {
    module,
    exercise,
    result,
    answer,
    detail: result.kind === 'scored' ? describeFeedback(exercise, answer, result) : null,
    counted,
    nextExercise: place.nextInLesson,
    nextLesson: place.nextLesson,
    retryUrl: exerciseUrl(module.id, exercise.id),
    lessonUrl: place.lesson ? lessonUrl(module.id, place.lesson.id) : null,
    reviewUrl: place.nextInLesson || place.nextLesson ? null : moduleReviewUrl(module.id),
  };
}

export async function selfAssess(
  user: SessionUser,
  moduleId: string,
  skillId: string,
  level: SelfLevel,
  now: Date,
): Promise<void> {
  const module = moduleOr404(moduleId);
  if (!module.skills.some((s) => s.id === skillId)) throw new BadInput('workshops.errors.skillUnknown');
  if (!learner(user)) throw new Forbidden();
  await recordSelfAssessment(user.id, skillId, level, now);
}

export interface ProgressPage {
  learner: { id: string; displayName: string };
  own: boolean;
  modules: ModuleSummary[];
  continueAt: ContinueLink | null;
}

/** A resident reads their own progress; a leader reads it for residents of their site. */
export async function progressPage(actor: SessionUser, learnerId: string): Promise<ProgressPage> {
  const target = actor.id === learnerId ? actor : await findSessionUser(learnerId);
  if (!target || target.role !== 'resident') throw new NotFound();
  const own = actor.id === target.id;
  if (!own && !(actor.role === 'leader' && actor.siteId && actor.siteId === target.siteId)) throw new Forbidden();
  const progress = await getProgressOverview(target.id);
  return {
    learner: { id: target.id, displayName: target.displayName },
    own,
    modules: catalogue().modules.map((m) => summarizeModule(m, progress)),
    continueAt: own ? continueLink(progress) : null,
  };
}
