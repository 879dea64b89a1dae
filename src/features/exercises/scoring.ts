/**
 * Pure scoring of exercises: form body -> typed answer -> result. No I/O, no clock,
 * so every type is tested without a server and scored the same everywhere.
 *
 * Form fields (express.urlencoded({ extended: false }): a value is a string, or an
 * array of strings when the name is repeated). All forms work without JavaScript.
 *   choix-unique, situation   `answer` = option id (radio buttons)
 *   zone-image                `answer` = zone id (a button per zone, or radios by label)
 *   vrai-faux                 `answer` = 'true' | 'false'
 *   auto-evaluation           `answer` = 'pas-encore' | 'avec-aide' | 'seul'
 *   choix-multiple            `answer` once per ticked box
 *   reponse-courte            `answer` = the typed text, 200 characters at most
 *   remettre-en-ordre         `position-1` … `position-n` = item id, each item exactly once
 *   associer                  `match-<pairId>` = id of the pair whose right-hand text was chosen
 * Other fields (the CSRF token...) are ignored. An answer left empty (nothing chosen,
 * nothing typed, no box ticked, a step or a line not chosen) is not an answer: it is
 * refused with `exercises.errors.empty` and counts nothing.
 */
import { BadInput } from '../../platform/errors.js';
import type {
  Choice,
  Exercise,
  MatchingExercise,
  MultipleChoiceExercise,
  OrderingExercise,
  Pair,
  SingleChoiceExercise,
  SituationExercise,
  Zone,
} from '../catalogue/index.js';
import { matchesShortAnswer } from './short-answer.js';

export const ANSWER_FIELD = 'answer';
/** `position` counts from 1. */
export const positionField = (position: number): string => `position-${position}`;
export const matchField = (pairId: string): string => `match-${pairId}`;
export const TRUE_VALUE = 'true';
export const FALSE_VALUE = 'false';
export const SELF_LEVELS = ['pas-encore', 'avec-aide', 'seul'] as const;
export type SelfLevel = (typeof SELF_LEVELS)[number];
export const MAX_TEXT_ANSWER = 200;

export type Answer =
  | { readonly type: 'choix-unique'; readonly choice: string }
  | { readonly type: 'situation'; readonly choice: string }
  | { readonly type: 'choix-multiple'; readonly choices: readonly string[] }
  | { readonly type: 'vrai-faux'; readonly value: boolean }
  | { readonly type: 'reponse-courte'; readonly text: string }
  | { readonly type: 'remettre-en-ordre'; readonly order: readonly string[] }
  | { readonly type: 'associer'; readonly matches: readonly { readonly pair: string; readonly right: string }[] }
  | { readonly type: 'zone-image'; readonly zone: string }
  | { readonly type: 'auto-evaluation'; readonly level: SelfLevel };

export type AnswerOf<T extends Answer['type']> = Extract<Answer, { type: T }>;

/** The right answer, ready to show. */
export type Solution =
  | { readonly kind: 'choices'; readonly choices: readonly Choice[] }
  | { readonly kind: 'true-false'; readonly value: boolean }
  | { readonly kind: 'text'; readonly accepted: readonly string[] }
  | { readonly kind: 'order'; readonly items: readonly Choice[] }
  | { readonly kind: 'pairs'; readonly pairs: readonly Pair[] }
  | { readonly kind: 'zone'; readonly zone: Zone };

/**
 * Detail for partial credit, in the order of the form:
 * choix-multiple: one per option (id = option id; correct = its box is ticked iff it is a right answer);
 * remettre-en-ordre: one per position (id = item given there);
 * associer: one per pair (id = left pair id).
 */
export interface ItemResult {
  readonly id: string;
  readonly correct: boolean;
}

export interface ScoredResult {
  readonly kind: 'scored';
  readonly correct: boolean;
  /** 0..1; partial credit for choix-multiple, remettre-en-ordre and associer. */
  readonly score: number;
  readonly solution: Solution;
  readonly perItem?: readonly ItemResult[];
}

/** Self-assessment has no right answer: it always "counts", and records the level. */
export interface SelfAssessmentResult {
  readonly kind: 'self-assessment';
  readonly correct: true;
  readonly score: 1;
  readonly level: SelfLevel;
}

export type ExerciseResult = ScoredResult | SelfAssessmentResult;

// ------------------------------------------------------------------ parsing

const malformed = (): BadInput => new BadInput('exercises.errors.malformed');
const empty = (): BadInput => new BadInput('exercises.errors.empty');

function field(body: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

/** Exactly one string value; missing or blank is an empty answer. */
function one(body: Record<string, unknown>, name: string): string {
  const value = field(body, name);
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) throw empty();
  if (typeof value !== 'string') throw malformed();
  return value;
}

/** A repeated field: absent, one string, or an array of strings. */
function many(body: Record<string, unknown>, name: string): string[] {
  const value = field(body, name);
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw malformed();
}

function known(id: string, among: readonly { id: string }[]): string {
  if (!among.some((item) => item.id === id)) throw malformed();
  return id;
}

function distinct(ids: readonly string[]): void {
  if (new Set(ids).size !== ids.length) throw malformed();
}

/** Rejects `<prefix><x>` fields that the form never has (e.g. position-9 of a 3-step exercise). */
function onlyFields(body: Record<string, unknown>, prefix: string, allowed: readonly string[]): void {
  for (const name of Object.keys(body)) {
    if (name.startsWith(prefix) && !allowed.includes(name)) throw malformed();
  }
}

/** Turns a url-encoded form body into a typed answer; throws BadInput('exercises.errors.malformed'). */
export function parseAnswer(exercise: Exercise, body: Record<string, unknown>): Answer {
  switch (exercise.type) {
    case 'choix-unique':
    case 'situation':
      return { type: exercise.type, choice: known(one(body, ANSWER_FIELD), exercise.options) };
    case 'zone-image':
      return { type: exercise.type, zone: known(one(body, ANSWER_FIELD), exercise.zones) };
    case 'choix-multiple': {
      const choices = many(body, ANSWER_FIELD).map((id) => known(id, exercise.options));
      if (choices.length === 0) throw empty();
      distinct(choices);
      return { type: exercise.type, choices };
    }
    case 'vrai-faux': {
      const value = one(body, ANSWER_FIELD);
      if (value !== TRUE_VALUE && value !== FALSE_VALUE) throw malformed();
      return { type: exercise.type, value: value === TRUE_VALUE };
    }
    case 'reponse-courte': {
      const text = one(body, ANSWER_FIELD);
      if (text.length > MAX_TEXT_ANSWER) throw malformed();
      return { type: exercise.type, text };
    }
    case 'remettre-en-ordre': {
      const names = exercise.items.map((_, i) => positionField(i + 1));
      onlyFields(body, 'position-', names);
      const order = names.map((name) => known(one(body, name), exercise.items));
      distinct(order);
      return { type: exercise.type, order };
    }
    case 'associer': {
      onlyFields(
        body,
        'match-',
        exercise.pairs.map((p) => matchField(p.id)),
      );
      const matches = exercise.pairs.map((p) => ({ pair: p.id, right: known(one(body, matchField(p.id)), exercise.pairs) }));
      return { type: exercise.type, matches };
    }
    case 'auto-evaluation': {
      const level = one(body, ANSWER_FIELD);
      if (!(SELF_LEVELS as readonly string[]).includes(level)) throw malformed();
      return { type: exercise.type, level: level as SelfLevel };
    }
  }
}

// ------------------------------------------------------------------ short answers

// Typed answers are read by kind in short-answer.ts; re-exported for the callers of this module.
export { editDistance, matchesShortAnswer, normalizeAnswer } from './short-answer.js';

// ------------------------------------------------------------------ scoring

function expectType<T extends Answer['type']>(answer: Answer, type: T): AnswerOf<T> {
  if (answer.type !== type) throw malformed();
  return answer as AnswerOf<T>;
}

const allOrNothing = (correct: boolean, solution: Solution): ScoredResult => ({
  kind: 'scored',
  correct,
  score: correct ? 1 : 0,
  solution,
});

function partial(perItem: ItemResult[], score: number, solution: Solution): ScoredResult {
  const correct = perItem.every((item) => item.correct);
  return { kind: 'scored', correct, score: correct ? 1 : Math.max(0, Math.min(1, score)), solution, perItem };
}

const optionsWith = (options: readonly Choice[], ids: readonly string[]): Choice[] => options.filter((o) => ids.includes(o.id));

export function scoreAnswer(exercise: Exercise, answer: Answer): ExerciseResult {
  switch (exercise.type) {
    case 'choix-unique':
    case 'situation': {
      const { choice } = expectType(answer, exercise.type);
      return allOrNothing(choice === exercise.answer, {
        kind: 'choices',
        choices: optionsWith(exercise.options, [exercise.answer]),
      });
    }
    case 'choix-multiple': {
      const chosen = new Set(expectType(answer, exercise.type).choices);
      const right = new Set(exercise.answers);
      const perItem = exercise.options.map((o) => ({ id: o.id, correct: chosen.has(o.id) === right.has(o.id) }));
      const hits = [...chosen].filter((id) => right.has(id)).length;
      // Each wrong tick cancels a right one, so ticking everything earns little.
      const score = (hits - (chosen.size - hits)) / right.size;
      return partial(perItem, score, { kind: 'choices', choices: optionsWith(exercise.options, exercise.answers) });
    }
    case 'vrai-faux':
      return allOrNothing(expectType(answer, exercise.type).value === exercise.answer, {
        kind: 'true-false',
        value: exercise.answer,
      });
    case 'reponse-courte':
      return allOrNothing(matchesShortAnswer(expectType(answer, exercise.type).text, exercise.answers, exercise.kind), {
        kind: 'text',
        accepted: exercise.answers,
      });
    case 'remettre-en-ordre': {
      const { order } = expectType(answer, exercise.type);
      const place = stepPlace(exercise);
      const perItem = order.map((id, i) => ({ id, correct: place(id) === place(exercise.items[i]?.id ?? '') }));
      const rightPlaces = perItem.filter((item) => item.correct).length;
      return partial(perItem, rightPlaces / exercise.items.length, { kind: 'order', items: exercise.items });
    }
    case 'associer': {
      const { matches } = expectType(answer, exercise.type);
      const perItem = exercise.pairs.map((p) => ({ id: p.id, correct: matches.find((m) => m.pair === p.id)?.right === p.id }));
      const rightPairs = perItem.filter((item) => item.correct).length;
      return partial(perItem, rightPairs / exercise.pairs.length, { kind: 'pairs', pairs: exercise.pairs });
    }
    case 'zone-image': {
      const { zone } = expectType(answer, exercise.type);
      const solution = exercise.zones.find((z) => z.id === exercise.answer);
      if (!solution) throw new Error(`zone-image ${exercise.id}: answer is not a zone`); // the schema prevents it
      return allOrNothing(zone === exercise.answer, { kind: 'zone', zone: solution });
    }
    case 'auto-evaluation':
      return { kind: 'self-assessment', correct: true, score: 1, level: expectType(answer, exercise.type).level };
  }
}

// ------------------------------------------------------------------ display order

/** FNV-1a: a small, stable string hash to seed the shuffle. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a tiny seeded generator, enough for shuffling a handful of items. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Where a step belongs: steps that the lesson allows in any order (`anyOrder`) share
 * one place, so any order among them is right. Groups are contiguous in the file.
 */
export function stepPlace(exercise: OrderingExercise): (id: string) => string {
  const group = new Map<string, string>();
  (exercise.anyOrder ?? []).forEach((ids, i) => ids.forEach((id) => group.set(id, `groupe-${i}`)));
  return (id) => group.get(id) ?? id;
}

/** True when `order` (item ids) is one of the orders the exercise accepts. */
export function isRightOrder(exercise: OrderingExercise, order: readonly string[]): boolean {
  const place = stepPlace(exercise);
  return order.length === exercise.items.length && order.every((id, i) => place(id) === place(exercise.items[i]?.id ?? ''));
}

/** The ids of what the form shows in a shuffled order: steps, right-hand texts, or options. */
function shuffledIds(exercise: ShuffledExercise): string[] {
  switch (exercise.type) {
    case 'remettre-en-ordre':
      return exercise.items.map((i) => i.id);
    case 'associer':
      return exercise.pairs.map((p) => p.id);
    default:
      return exercise.options.map((o) => o.id);
  }
}

export type ShuffledExercise =
  OrderingExercise | MatchingExercise | SingleChoiceExercise | MultipleChoiceExercise | SituationExercise;

/**
 * The order to show ordering items, matching right-hand texts or choice options (as
 * ids). Same seed, same order, so a reload does not reshuffle: pass something stable
 * per learner and attempt. Steps never come in a right order when there are 2 or more:
 * the form would give the answer away. Options may: their order gives nothing away.
 */
export function displayOrder(exercise: ShuffledExercise, seed: string): string[] {
  const solution = shuffledIds(exercise);
  const ids = [...solution];
  const random = generator(hash(`${exercise.id}\u0000${seed}`));
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = ids[i] as string;
    ids[i] = ids[j] as string;
    ids[j] = swap;
  }
  if (exercise.type === 'remettre-en-ordre') {
    // A shuffle may give a right order back: rotating by one step at a time breaks it.
    for (let turn = 0; turn < ids.length && isRightOrder(exercise, ids); turn++) ids.push(ids.shift() as string);
  } else if (exercise.type === 'associer' && ids.length >= 2 && ids.every((id, i) => id === solution[i])) {
    ids.push(ids.shift() as string);
  }
  return ids;
}
