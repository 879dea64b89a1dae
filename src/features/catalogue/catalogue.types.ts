/**
 * The in-memory catalogue built once from content/ by loadContent().
 * Plain, frozen data: every request reads it, nobody mutates it.
 * Markdown is already rendered: `html` fields are safe to print unescaped
 * (raw HTML in the source is escaped), `text` fields are plain text for places
 * that cannot hold markup (<option>, <title>, aria labels).
 */
import type { AnswerKind } from './answer-kinds.js';

export interface Rich {
  readonly text: string;
  readonly html: string;
}

export interface Picture {
  readonly url: string;
  readonly alt: string;
}

export interface Skill {
  readonly id: string;
  readonly moduleId: string;
  readonly title: string;
  /** The Pix/CRCN competence ("4.1"); none for a skill that is not a digital one. */
  readonly crcn?: string;
  /** The PIM domain; present exactly when `crcn` is. */
  readonly pim?: string;
}

export interface Lesson {
  readonly id: string;
  readonly moduleId: string;
  readonly title: string;
  readonly order: number;
  readonly skills: readonly string[];
  readonly html: string;
}

export interface Choice {
  readonly id: string;
  readonly text: Rich;
}

export interface Feedback {
  readonly right: Rich;
  readonly wrong: Rich;
  readonly next?: Rich;
}

interface ExerciseBase<T extends string> {
  readonly type: T;
  readonly id: string;
  readonly moduleId: string;
  /** File name inside exercices/, e.g. `03-arobase.yaml`. */
  readonly file: string;
  readonly skill: string;
  readonly lesson?: string;
  readonly question: Rich;
  readonly image?: Picture;
  /** Sentences of the lesson that teach what the exercise tests (checked by npm run check:content). */
  readonly taught?: readonly string[];
  /** When the facts the exercise states were last checked, e.g. "décembre 2026". */
  readonly verified?: string;
}

interface Scored<T extends string> extends ExerciseBase<T> {
  readonly feedback: Feedback;
}

export interface SingleChoiceExercise extends Scored<'choix-unique'> {
  readonly options: readonly Choice[];
  readonly answer: string;
}

export interface MultipleChoiceExercise extends Scored<'choix-multiple'> {
  readonly options: readonly Choice[];
  readonly answers: readonly string[];
}

export interface TrueFalseExercise extends Scored<'vrai-faux'> {
  readonly statement: Rich;
  readonly answer: boolean;
}

export interface ShortAnswerExercise extends Scored<'reponse-courte'> {
  readonly answers: readonly string[];
  /** `mot` forgives one typo; the other kinds match exactly (see ANSWER_KINDS). */
  readonly kind: AnswerKind;
  readonly placeholder?: string;
  /** Typed answers that must be scored right, and wrong (checked by npm run check:content). */
  readonly samples?: { readonly right: readonly string[]; readonly wrong: readonly string[] };
}

/** `items` are in a right order; show them with displayOrder(). */
export interface OrderingExercise extends Scored<'remettre-en-ordre'> {
  readonly items: readonly Choice[];
  /** Groups of steps (ids, contiguous in `items`) that the lesson allows in any order. */
  readonly anyOrder?: readonly (readonly string[])[];
}

export interface Pair {
  readonly id: string;
  readonly left: Rich;
  readonly right: Rich;
}

/** Each left goes with the right of the same pair; show rights with displayOrder(). */
export interface MatchingExercise extends Scored<'associer'> {
  readonly pairs: readonly Pair[];
}

export interface Zone {
  readonly id: string;
  readonly label: Rich;
  /** Percentages of the image: top-left corner, width, height. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface ZoneImageExercise extends Scored<'zone-image'> {
  readonly image: Picture;
  readonly zones: readonly Zone[];
  readonly answer: string;
}

/** A fake screen. Its texts stay plain (never Markdown): a scam link must never become clickable. */
export interface Scene {
  readonly kind: 'sms' | 'courriel' | 'formulaire' | 'ecran';
  readonly from: string;
  readonly subject: string;
  readonly body: string;
  readonly fields: readonly { readonly label: string; readonly value: string }[];
}

export interface SituationExercise extends Scored<'situation'> {
  readonly scene: Scene;
  readonly options: readonly Choice[];
  readonly answer: string;
}

export interface SelfAssessmentExercise extends ExerciseBase<'auto-evaluation'> {
  readonly feedback?: { readonly next?: Rich };
}

export type Exercise =
  | SingleChoiceExercise
  | MultipleChoiceExercise
  | TrueFalseExercise
  | ShortAnswerExercise
  | OrderingExercise
  | MatchingExercise
  | ZoneImageExercise
  | SituationExercise
  | SelfAssessmentExercise;

export interface Module {
  readonly id: string;
  readonly order: number;
  readonly title: string;
  readonly summary: string;
  readonly pictogram: Picture;
  readonly skills: readonly Skill[];
  /** Sorted by `order`. */
  readonly lessons: readonly Lesson[];
  /** Sorted by file name. */
  readonly exercises: readonly Exercise[];
}

export interface Catalogue {
  /** Sorted by `order`. */
  readonly modules: readonly Module[];
  readonly moduleById: ReadonlyMap<string, Module>;
  readonly skillById: ReadonlyMap<string, Skill>;
  readonly exerciseById: ReadonlyMap<string, Exercise>;
  /** Every skill, modules in catalogue order. */
  allSkills(): readonly Skill[];
}
