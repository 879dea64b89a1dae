/** What a learner's progress holds: self-assessments, answers, validations (progress.model.ts stores it). */
import type mongoose from 'mongoose';

export const SELF_LEVELS = ['pas-encore', 'avec-aide', 'seul'] as const;
export type SelfLevel = (typeof SELF_LEVELS)[number];
export const VALIDATION_METHODS = ['atelier', 'mise-en-pratique', 'entretien', 'resultats-exercices'] as const;
export type ValidationMethod = (typeof VALIDATION_METHODS)[number];
export const VALIDATION_LEVELS = ['avec-aide', 'seul'] as const;
export type ValidationLevel = (typeof VALIDATION_LEVELS)[number];

export interface SkillValidation {
  by: mongoose.Types.ObjectId;
  byName: string;
  /** The day the leader saw the skill. */
  date: Date;
  method: ValidationMethod;
  level: ValidationLevel;
  comment?: string;
  /** When it was recorded. */
  at: Date;
  /** Workshop session where it was observed, when validated from a session grid. */
  session?: mongoose.Types.ObjectId;
}

export interface SkillProgress {
  self?: SelfLevel;
  selfAt?: Date;
  bestScore?: number;
  attempts?: number;
  lastActivityAt?: Date;
  validation?: SkillValidation;
}

export interface ExerciseProgress {
  attempts: number;
  bestScore: number;
  lastScore: number;
  lastCorrect: boolean;
  solved: boolean;
  lastAt: Date;
  /** The form's one-time id: a double submit or a reload of the same answer counts once. */
  lastSubmission: string;
}

export interface LastVisit {
  module: string;
  kind: 'lecon' | 'exercice';
  id: string;
  at: Date;
}

export interface ProgressDoc {
  _id: mongoose.Types.ObjectId;
  skills?: Record<string, SkillProgress>;
  exercises?: Record<string, ExerciseProgress>;
  last?: LastVisit;
  updatedAt?: Date;
}
