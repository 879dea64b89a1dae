/**
 * "Continuer": the resident's next step, from their progress. Pure: the modules (in
 * catalogue order) and the progress in, one step out.
 *
 * A module's path is each lesson followed by its exercises (lesson-path.ts). An exercise
 * is done when solved (a self-assessment: when the skill has an answer); a lesson is to
 * read when it comes after the last page visited in that module and any of its exercises
 * is not done (or it has none).
 *
 * The rule, in this order:
 *   1. in the module of the last visit: the page visited, if it is not done yet (an
 *      exercise not solved: back to it; a lesson with exercises not done: to finish
 *      reading it); else the next step to do after it along the path; else an exercise
 *      left undone before it;
 *   2. then the modules after it in catalogue order, then those before: the first with
 *      something to do, at its first step to do (a module not started: its first lesson);
 *   3. with no visit yet, the first module's first lesson;
 *   4. nothing left anywhere: null.
 */
import type { Exercise, Module } from '../catalogue/index.js';
import { isScored, lessonPath } from './lesson-path.js';

/** What the rule reads of a learner's progress (a part of ProgressData). */
export interface StepProgress {
  readonly exercises: Readonly<Record<string, { readonly solved: boolean } | undefined>>;
  readonly skills: Readonly<Record<string, { readonly self?: string } | undefined>>;
  readonly last?: { readonly module: string; readonly kind: 'lecon' | 'exercice'; readonly id: string };
}

export interface NextStep {
  readonly module: string;
  readonly kind: 'lecon' | 'exercice';
  readonly id: string;
  /** back: the exercise left unsolved; next: the step after the last one; new: a module not started. */
  readonly why: 'back' | 'next' | 'new';
}

interface PathItem {
  readonly kind: 'lecon' | 'exercice';
  readonly id: string;
  /** For a lesson: its exercises. */
  readonly exercises: readonly Exercise[];
  readonly exercise?: Exercise;
}

function items(module: Module): PathItem[] {
  return lessonPath(module).flatMap((step) => [
    { kind: 'lecon' as const, id: step.lesson.id, exercises: step.exercises },
    ...step.exercises.map((e) => ({ kind: 'exercice' as const, id: e.id, exercises: [], exercise: e })),
  ]);
}

/** Solved; for a self-assessment, the skill has an answer. */
export function exerciseDone(e: Exercise, progress: StepProgress): boolean {
  return isScored(e) ? Boolean(progress.exercises[e.id]?.solved) : progress.skills[e.skill]?.self !== undefined;
}

/** Started: an exercise answered or a skill self-assessed. */
export function moduleStarted(module: Module, progress: StepProgress): boolean {
  return module.exercises.some((e) => (isScored(e) ? progress.exercises[e.id] !== undefined : exerciseDone(e, progress)));
}

/** Every exercise of the module done. */
export function moduleDone(module: Module, progress: StepProgress): boolean {
  return module.exercises.every((e) => exerciseDone(e, progress));
}

/** The first step to do in one module, counting from the item at `from` (-1: the start). */
function firstToDo(module: Module, progress: StepProgress, from: number): PathItem | null {
  const path = items(module);
  const undone = (x: PathItem) => x.exercise !== undefined && !exerciseDone(x.exercise, progress);
  const here = path[from];
  if (here && (undone(here) || here.exercises.some((e) => !exerciseDone(e, progress)))) return here;
  const started = moduleStarted(module, progress);
  for (const x of path.slice(from + 1)) {
    if (x.kind === 'exercice' && undone(x)) return x;
    // A lesson with nothing to practise is to read only past the last visit, or in a new module.
    if (x.kind === 'lecon' && (x.exercises.length ? x.exercises.some((e) => !exerciseDone(e, progress)) : from >= 0 || !started))
      return x;
  }
  return path.slice(0, Math.max(0, from)).find(undone) ?? null;
}

export function nextStep(modules: readonly Module[], progress: StepProgress): NextStep | null {
  const last = progress.last;
  const at = last ? modules.findIndex((m) => m.id === last.module) : -1;
  const order = at < 0 ? modules : [...modules.slice(at), ...modules.slice(0, at)];
  for (const [i, module] of order.entries()) {
    const from = i === 0 && at >= 0 ? items(module).findIndex((x) => x.kind === last!.kind && x.id === last!.id) : -1;
    const step = firstToDo(module, progress, from);
    if (!step) continue;
    const back = from >= 0 && step.kind === 'exercice' && step.id === last!.id;
    const why = !moduleStarted(module, progress) ? 'new' : back ? 'back' : 'next';
    return { module: module.id, kind: step.kind, id: step.id, why };
  }
  return null;
}

/** What comes after a module: the next module in catalogue order (wrapping) with something to do. */
export function nextModuleAfter(modules: readonly Module[], progress: StepProgress, moduleId: string): NextStep | null {
  const at = modules.findIndex((m) => m.id === moduleId);
  const others = [...modules.slice(at + 1), ...modules.slice(0, Math.max(0, at))];
  for (const module of others) {
    const step = firstToDo(module, progress, -1);
    if (step) return { module: module.id, kind: step.kind, id: step.id, why: moduleStarted(module, progress) ? 'next' : 'new' };
  }
  return null;
}
