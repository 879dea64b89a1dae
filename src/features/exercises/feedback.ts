/**
 * What the feedback page shows after an answer, the same way for every scored type:
 * the verdict in words (never a percentage), "Votre réponse" beside "La bonne réponse",
 * and marks only where they help the learner:
 *   - on their side, a wrong choice they made (a ticked wrong option, a step in the wrong
 *     place, a wrong pair, the wrong option or zone);
 *   - on the right side, a right option they did not tick (choix-multiple).
 * A wrong option rightly left unticked gets no mark at all: it is not shown.
 * Pure: exercise + answer + result in, plain data out.
 */
import type { Exercise, MatchingExercise, MultipleChoiceExercise, OrderingExercise, Rich } from '../catalogue/index.js';
import { stepPlace, type Answer, type ScoredResult } from './scoring.js';

/**
 * `right`: everything right. `almost`: at least half right (score >= 0.5) in a type
 * with several parts, with the count of parts to review. `not-yet`: anything else.
 */
export type Verdict = 'right' | 'almost' | 'not-yet';

/** What the parts of an answer are called in "Presque : 2 étapes à revoir". */
export type PartName = 'step' | 'answer' | 'pair';

/** A value to show: content (already safe html), text the learner typed, or a message key. */
export type Shown =
  | { readonly kind: 'rich'; readonly rich: Rich }
  | { readonly kind: 'typed'; readonly text: string }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'nothing' };

export interface Line {
  /** The left-hand text of a pair (associer). */
  readonly label?: Rich;
  readonly value: Shown;
  /** `wrong`: the learner's choice here is wrong. `missing`: a right option they did not tick. */
  readonly mark: 'none' | 'wrong' | 'missing';
}

export interface FeedbackDetail {
  readonly verdict: Verdict;
  /** Parts to review (0 when right). */
  readonly toReview: number;
  readonly partName: PartName | null;
  /** The true/false statement, recalled above the answers. */
  readonly statement?: Rich;
  /** Whether the two sides are ordered lists (steps). */
  readonly ordered: boolean;
  readonly yours: readonly Line[];
  readonly solution: readonly Line[];
}

/** At least half right is "almost"; below is "not yet", whatever the count. */
export const ALMOST_FROM = 0.5;

const rich = (r: Rich): Shown => ({ kind: 'rich', rich: r });
const trueFalseKey = (value: boolean): Shown => ({ kind: 'key', key: `exercises.trueFalse.${String(value)}` });
const NOTHING: Shown = { kind: 'nothing' };

function textOf<T extends { id: string }>(among: readonly T[], id: string, pick: (x: T) => Rich): Shown {
  const found = among.find((x) => x.id === id);
  return found ? rich(pick(found)) : NOTHING;
}

function verdictOf(result: ScoredResult, toReview: number, severalParts: boolean): Verdict {
  if (result.correct) return 'right';
  if (severalParts && toReview > 0 && result.score >= ALMOST_FROM) return 'almost';
  return 'not-yet';
}

/** Several parts (ticks, steps, pairs): the lines to show, and how many are wrong or missing. */
function partsDetail(
  result: ScoredResult,
  partName: PartName,
  ordered: boolean,
  yours: Line[],
  solution: Line[],
): FeedbackDetail {
  const toReview = [...yours, ...solution].filter((l) => l.mark !== 'none').length;
  return { verdict: verdictOf(result, toReview, true), toReview, partName, ordered, yours, solution };
}

function multipleDetail(exercise: MultipleChoiceExercise, answer: Answer, result: ScoredResult): FeedbackDetail {
  const chosen = answer.type === 'choix-multiple' ? answer.choices : [];
  const right = new Set(exercise.answers);
  const ticked = exercise.options.filter((o) => chosen.includes(o.id));
  const yours: Line[] = ticked.length
    ? ticked.map((o) => ({ value: rich(o.text), mark: right.has(o.id) ? 'none' : 'wrong' }))
    : [{ value: { kind: 'key', key: 'exercises.feedback.nothingTicked' }, mark: 'none' }];
  const solution: Line[] = exercise.options
    .filter((o) => right.has(o.id))
    .map((o) => ({ value: rich(o.text), mark: chosen.includes(o.id) ? 'none' : 'missing' }));
  return partsDetail(result, 'answer', false, yours, solution);
}

function orderingDetail(exercise: OrderingExercise, answer: Answer, result: ScoredResult): FeedbackDetail {
  const order = answer.type === 'remettre-en-ordre' ? answer.order : [];
  // Steps the lesson allows in any order are right in any of their places.
  const place = stepPlace(exercise);
  const yours = order.map((id, i): Line => ({
    value: textOf(exercise.items, id, (x) => x.text),
    mark: place(exercise.items[i]?.id ?? '') === place(id) ? 'none' : 'wrong',
  }));
  return partsDetail(
    result,
    'step',
    true,
    yours,
    exercise.items.map((x) => ({ value: rich(x.text), mark: 'none' })),
  );
}

function matchingDetail(exercise: MatchingExercise, answer: Answer, result: ScoredResult): FeedbackDetail {
  const matches = answer.type === 'associer' ? answer.matches : [];
  const yours = exercise.pairs.map((p): Line => {
    const given = matches.find((m) => m.pair === p.id)?.right ?? '';
    return { label: p.left, value: textOf(exercise.pairs, given, (x) => x.right), mark: given === p.id ? 'none' : 'wrong' };
  });
  const solution = exercise.pairs.map((p): Line => ({ label: p.left, value: rich(p.right), mark: 'none' }));
  return partsDetail(result, 'pair', false, yours, solution);
}

export function describeFeedback(exercise: Exercise, answer: Answer, result: ScoredResult): FeedbackDetail {
  const plain = (yours: Shown, right: Shown, extra: Partial<FeedbackDetail> = {}): FeedbackDetail => ({
    verdict: result.correct ? 'right' : 'not-yet',
    toReview: result.correct ? 0 : 1,
    partName: null,
    ordered: false,
    yours: [{ value: yours, mark: result.correct ? 'none' : 'wrong' }],
    solution: [{ value: right, mark: 'none' }],
    ...extra,
  });

  switch (exercise.type) {
    case 'choix-unique':
    case 'situation': {
      const chosen = answer.type === exercise.type ? answer.choice : '';
      return plain(
        textOf(exercise.options, chosen, (o) => o.text),
        textOf(exercise.options, exercise.answer, (o) => o.text),
      );
    }
    case 'zone-image': {
      const chosen = answer.type === 'zone-image' ? answer.zone : '';
      return plain(
        textOf(exercise.zones, chosen, (z) => z.label),
        textOf(exercise.zones, exercise.answer, (z) => z.label),
      );
    }
    case 'vrai-faux': {
      const yours = answer.type === 'vrai-faux' ? trueFalseKey(answer.value) : NOTHING;
      return plain(yours, trueFalseKey(exercise.answer), { statement: exercise.statement });
    }
    case 'reponse-courte': {
      const typed = answer.type === 'reponse-courte' ? answer.text.trim() : '';
      const first = exercise.answers[0] ?? '';
      return plain(typed ? { kind: 'typed', text: typed } : NOTHING, { kind: 'typed', text: first });
    }
    case 'choix-multiple':
      return multipleDetail(exercise, answer, result);
    case 'remettre-en-ordre':
      return orderingDetail(exercise, answer, result);
    case 'associer':
      return matchingDetail(exercise, answer, result);
    case 'auto-evaluation':
      // No right answer: the page says what was recorded instead.
      return { verdict: 'right', toReview: 0, partName: null, ordered: false, yours: [], solution: [] };
  }
}
