/**
 * Pure summaries of one learner's progress against the catalogue: what the catalogue,
 * module and progress pages show. Plain data in, plain data out.
 */
import type { Module } from '../catalogue/index.js';
import type { SelfLevel, SkillProgress, SkillValidation } from './progress.types.js';
import { skillStanding, type Standing } from './standing-rules.js';

/** A validation as summaries show it: the overview keeps no method nor comment (progress-overview-rules.ts). */
type ShownValidation = Pick<SkillValidation, 'byName' | 'date' | 'level'> & Partial<Pick<SkillValidation, 'method' | 'comment'>>;

/**
 * What a summary reads of a learner's progress: the whole document (ProgressData) or its
 * overview (ProgressOverview), which has no attempts count nor dates of activity.
 */
export interface SummaryInput {
  exercises: Readonly<Record<string, { solved: boolean } | undefined>>;
  skills: Readonly<Record<string, (Omit<SkillProgress, 'validation'> & { validation?: ShownValidation }) | undefined>>;
}

export interface SkillSummary {
  id: string;
  title: string;
  /** Absent for a skill that is not a digital one. */
  crcn?: string;
  pim?: string;
  self?: SelfLevel;
  /** Best score over the skill's exercises, 0..100, or null before any answer. */
  bestPercent: number | null;
  attempts: number;
  exercisesSolved: number;
  exercisesTotal: number;
  /** Answered and not solved yet. */
  exercisesToReview: number;
  /** In words: fait seul, avec de l’aide, à revoir, commencé (standing-rules.ts); null before anything. */
  standing: Standing | null;
  validation?: ShownValidation;
  lastActivityAt?: Date;
}

export interface ModuleSummary {
  id: string;
  title: string;
  /** Exercises with a right answer (self-assessments excluded). */
  exercisesTotal: number;
  exercisesSolved: number;
  exercisesTried: number;
  /** Solved share, 0..100, rounded down so that 100 means everything. */
  percent: number;
  skills: SkillSummary[];
  started: boolean;
}

export function summarizeModule(module: Module, progress: SummaryInput): ModuleSummary {
  const scored = module.exercises.filter((e) => e.type !== 'auto-evaluation');
  const solved = scored.filter((e) => progress.exercises[e.id]?.solved);
  const tried = scored.filter((e) => progress.exercises[e.id]);
  const skills = module.skills.map((s): SkillSummary => {
    const p = progress.skills[s.id];
    const own = scored.filter((e) => e.skill === s.id);
    const exercisesSolved = own.filter((e) => progress.exercises[e.id]?.solved).length;
    const exercisesToReview = own.filter((e) => progress.exercises[e.id] && !progress.exercises[e.id]!.solved).length;
    return {
      id: s.id,
      title: s.title,
      crcn: s.crcn,
      pim: s.pim,
      self: p?.self,
      bestPercent: p?.bestScore === undefined ? null : Math.round(p.bestScore * 100),
      attempts: p?.attempts ?? 0,
      exercisesSolved,
      exercisesTotal: own.length,
      exercisesToReview,
      standing: skillStanding({
        self: p?.self,
        validation: p?.validation,
        exercisesSolved,
        exercisesTotal: own.length,
        exercisesToReview,
      }),
      validation: p?.validation
        ? {
            byName: p.validation.byName,
            date: p.validation.date,
            method: p.validation.method,
            level: p.validation.level,
            comment: p.validation.comment,
          }
        : undefined,
      lastActivityAt: p?.lastActivityAt,
    };
  });
  return {
    id: module.id,
    title: module.title,
    exercisesTotal: scored.length,
    exercisesSolved: solved.length,
    exercisesTried: tried.length,
    percent: scored.length ? Math.floor((solved.length / scored.length) * 100) : 0,
    skills,
    started: tried.length > 0 || skills.some((s) => s.self || s.validation),
  };
}
