/**
 * One progress document per learner (`_id` = the user's id): every skill and every
 * exercise in it, so a page reads one small document (FerretDB 1.x scans collections),
 * and each user action is one atomic write.
 */
import mongoose, { Schema } from 'mongoose';

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

// Free-form maps keyed by content ids: the content, not the schema, defines the keys.
const progressSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    skills: { type: Schema.Types.Mixed, default: {} },
    exercises: { type: Schema.Types.Mixed, default: {} },
    last: { type: Schema.Types.Mixed },
    updatedAt: { type: Date },
  },
  { collection: 'progress', versionKey: false, minimize: false, strict: true },
);

export const Progress = mongoose.model('Progress', progressSchema);

/** Append-only log of answers, kept out of the request path's reads. */
const attemptSchema = new Schema(
  {
    user: { type: Schema.Types.ObjectId, required: true },
    exercise: { type: String, required: true },
    answer: { type: Schema.Types.Mixed },
    score: { type: Number, required: true },
    correct: { type: Boolean, required: true },
    submission: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'attempts', versionKey: false },
);
attemptSchema.index({ user: 1, submission: 1 }, { unique: true });

export const Attempt = mongoose.model('Attempt', attemptSchema);
