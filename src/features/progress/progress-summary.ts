/**
 * Pure summaries of one learner's progress against the catalogue: what the catalogue,
 * module and progress pages show. Plain data in, plain data out.
 */
import type { Module } from '../catalogue/index.js';
import type { SelfLevel, SkillValidation } from './progress.types.js';
import { skillStanding, type Standing } from './standing-rules.js';
import type { ProgressData } from './progress.service.js';

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
  validation?: Pick<SkillValidation, 'byName' | 'date' | 'method' | 'level' | 'comment'>;
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

export function summarizeModule(module: Module, progress: ProgressData): ModuleSummary {
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
