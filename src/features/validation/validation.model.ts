/**
 * The history of validations: every validation and every withdrawal, with who, when
 * and why. Append-only; the progress document holds only the current validation.
 * Read only on a resident's pages, never on every request.
 */
import mongoose, { Schema } from 'mongoose';
import { LIMITS } from './validation-rules.js';

export const VALIDATION_EVENT_KINDS = ['validation', 'retrait'] as const;
export type ValidationEventKind = (typeof VALIDATION_EVENT_KINDS)[number];

const validationEventSchema = new Schema(
  {
    /** The resident's account. */
    user: { type: Schema.Types.ObjectId, required: true },
    skill: { type: String, required: true, maxlength: 60 },
    kind: { type: String, enum: VALIDATION_EVENT_KINDS, required: true },
    by: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true, maxlength: 80 },
    site: { type: Schema.Types.ObjectId },
    method: { type: String, maxlength: 40 },
    level: { type: String, maxlength: 20 },
    /** The day the leader saw the skill. */
    date: { type: Date },
    comment: { type: String, maxlength: LIMITS.comment },
    reason: { type: String, maxlength: LIMITS.reason },
    session: { type: Schema.Types.ObjectId },
    at: { type: Date, required: true },
  },
  { collection: 'validation_events', versionKey: false },
);
validationEventSchema.index({ user: 1, at: -1 });
validationEventSchema.index({ site: 1 });

export interface ValidationEventDoc {
  _id: mongoose.Types.ObjectId;
  user: mongoose.Types.ObjectId;
  skill: string;
  kind: ValidationEventKind;
  by: mongoose.Types.ObjectId;
  byName: string;
  site?: mongoose.Types.ObjectId;
  method?: string;
  level?: string;
  date?: Date;
  comment?: string;
  reason?: string;
  session?: mongoose.Types.ObjectId;
  at: Date;
}

export const ValidationEvent = mongoose.model('ValidationEvent', validationEventSchema);
