/**
 * "Learn one small thing, then try it": the path through a module is each lesson
 * followed by its exercises, then the next lesson. Pure: a module in, plain data out.
 *
 * Which lesson an exercise follows (the rule, in this order):
 *   1. the lesson its file names (`lesson:`), when that lesson exists in the module;
 *   2. otherwise the first lesson (by `order`) that teaches the exercise's skill;
 *   3. otherwise the lesson of the exercise before it in file order (the first lesson
 *      for the very first exercise).
 * Exercises keep their file order inside a lesson. A module with no lesson has no path.
 */
import type { Exercise, Lesson, Module } from '../catalogue/index.js';

export interface PathStep {
  readonly lesson: Lesson;
  readonly exercises: readonly Exercise[];
}

/** Scored exercises have a right answer; self-assessments do not, and counts leave them out. */
export const isScored = (e: Exercise): boolean => e.type !== 'auto-evaluation';

const cache = new WeakMap<Module, readonly PathStep[]>();

export function lessonPath(module: Module): readonly PathStep[] {
  const known = cache.get(module);
  if (known) return known;
  const lessons = module.lessons;
  const byLesson = new Map<string, Exercise[]>(lessons.map((l) => [l.id, []]));
  let previous: Lesson | undefined = lessons[0];
  for (const e of module.exercises) {
    const lesson = lessons.find((l) => l.id === e.lesson) ?? lessons.find((l) => l.skills.includes(e.skill)) ?? previous;
    if (!lesson) continue;
    byLesson.get(lesson.id)!.push(e);
    previous = lesson;
  }
  const path = lessons.map((lesson) => ({ lesson, exercises: byLesson.get(lesson.id) ?? [] }));
  cache.set(module, path);
  return path;
}

/** Every exercise of the module in path order. */
export function exercisesInPathOrder(module: Module): Exercise[] {
  return lessonPath(module).flatMap((s) => s.exercises);
}

export interface ExercisePlace {
  readonly lesson: Lesson | null;
  /** 1-based, among the module's scored exercises in path order; null for a self-assessment. */
  readonly scoredPosition: number | null;
  readonly scoredTotal: number;
  /** The next exercise of the same lesson, if any. */
  readonly nextInLesson: Exercise | null;
  /** The lesson after this one, when this was the lesson's last exercise. */
  readonly nextLesson: Lesson | null;
}

export function placeOf(module: Module, exercise: Exercise): ExercisePlace {
  const path = lessonPath(module);
  const scored = exercisesInPathOrder(module).filter(isScored);
  const at = path.findIndex((s) => s.exercises.includes(exercise));
  const step = path[at];
  const inLesson = step ? step.exercises.indexOf(exercise) : -1;
  const nextInLesson = step?.exercises[inLesson + 1] ?? null;
  return {
    lesson: step?.lesson ?? null,
    scoredPosition: isScored(exercise) ? scored.indexOf(exercise) + 1 : null,
    scoredTotal: scored.length,
    nextInLesson,
    nextLesson: nextInLesson || at < 0 ? null : (path[at + 1]?.lesson ?? null),
  };
}
