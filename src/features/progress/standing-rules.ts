/**
 * Where a learner stands on one skill, in words (never a percentage beside a validation):
 * "fait seul", "avec de l’aide", "à revoir", "commencé". Pure: plain data in, a word out.
 *
 * The rule, in this order:
 *   1. a leader's validation says it: its level (seul, avec-aide);
 *   2. an exercise answered and not solved yet: à revoir;
 *   3. every exercise of the skill solved: fait seul, or avec de l’aide when the learner
 *      said so in their self-assessment;
 *   4. the self-assessment alone: sans aide → fait seul, avec de l’aide, pas encore → à revoir;
 *   5. some exercises solved: commencé;
 *   6. nothing yet: null.
 */
import type { SelfLevel, ValidationLevel } from './progress.types.js';

export const STANDINGS = ['fait-seul', 'avec-aide', 'a-revoir', 'commence'] as const;
export type Standing = (typeof STANDINGS)[number];

export interface SkillFacts {
  self?: SelfLevel;
  validation?: { level: ValidationLevel };
  exercisesSolved: number;
  exercisesTotal: number;
  /** Answered at least once and not solved. */
  exercisesToReview: number;
}

export function skillStanding(s: SkillFacts): Standing | null {
  if (s.validation) return s.validation.level === 'seul' ? 'fait-seul' : 'avec-aide';
  if (s.exercisesToReview > 0) return 'a-revoir';
  if (s.exercisesTotal > 0 && s.exercisesSolved === s.exercisesTotal) return s.self === 'avec-aide' ? 'avec-aide' : 'fait-seul';
  if (s.self === 'seul') return 'fait-seul';
  if (s.self === 'avec-aide') return 'avec-aide';
  if (s.self === 'pas-encore') return 'a-revoir';
  return s.exercisesSolved > 0 ? 'commence' : null;
}
