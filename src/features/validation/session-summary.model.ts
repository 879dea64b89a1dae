import mongoose, { Schema } from 'mongoose';

/**
 * The day's summary of one workshop session, `_id` = the session's: for each attendee,
 * the skills of the session's module still to validate and whether the module's
 * certificate is ready to issue. The leader's home reads it by `_id` instead of each
 * attendee's progress. Kept at each attendance, validation, withdrawal and certificate
 * (session-summary.service.ts), under its lock; `npm run stats:rebuild` makes it again.
 */
const summaryRowSchema = new Schema(
  {
    resident: { type: Schema.Types.ObjectId, required: true },
    user: { type: Schema.Types.ObjectId, default: null },
    pending: { type: Number, required: true, min: 0 },
    ready: { type: Boolean, required: true },
  },
  { _id: false },
);

const sessionSummarySchema = new Schema(
  {
    site: { type: Schema.Types.ObjectId, required: true },
    moduleId: { type: String, required: true, maxlength: 80 },
    /** The session's week (its Monday, "YYYY-MM-DD" in Brest): the leader's home reads three weeks of a site. */
    week: { type: String, maxlength: 10 },
    rows: { type: [summaryRowSchema], default: [] },
    pendingSkills: { type: Number, required: true, min: 0 },
    readyCertificates: { type: Number, required: true, min: 0 },
  },
  { versionKey: false },
);
sessionSummarySchema.index({ site: 1, week: 1 });

type Id = mongoose.Types.ObjectId;
export interface SessionSummaryDoc {
  _id: Id;
  site: Id;
  moduleId: string;
  week?: string | null;
  rows: { resident: Id; user: Id | null; pending: number; ready: boolean }[];
  pendingSkills: number;
  readyCertificates: number;
}
export const SessionSummary = mongoose.model('SessionSummary', sessionSummarySchema, 'session_summaries');
