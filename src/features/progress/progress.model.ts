/**
 * One progress document per learner (`_id` = the user's id): every skill and every
 * exercise in it, so a page reads one small document (FerretDB 1.x scans collections),
 * and each user action is one atomic write.
 */
import mongoose, { Schema } from 'mongoose';

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

/**
 * A learner's progress overview (`_id` = the user's id): what the pages of counts show,
 * kept with each write of the progress document, under its lock (progress-overview-rules.ts).
 */
const progressOverviewSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    answered: { type: Schema.Types.Mixed, default: {} },
    skills: { type: Schema.Types.Mixed, default: {} },
    last: { type: Schema.Types.Mixed },
  },
  { collection: 'progress_overviews', versionKey: false, minimize: false, strict: true },
);

export const ProgressOverview = mongoose.model('ProgressOverview', progressOverviewSchema);
