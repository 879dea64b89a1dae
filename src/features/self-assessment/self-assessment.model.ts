import mongoose, { Schema } from 'mongoose';

/**
 * A resident's "je sais / pas encore" per skill of a workshop, before and after one
 * session of it: one small document per resident and session (`_id` = "<session>:<user>"),
 * so a save is one write and a record reads them by `user`.
 */
const sessionSelfSchema = new Schema(
  {
    _id: { type: String, required: true, maxlength: 60 },
    session: { type: Schema.Types.ObjectId, ref: 'WorkshopSession', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    moduleId: { type: String, required: true, maxlength: 80 },
    sessionDate: { type: Date, required: true },
    // Skill id → "sait" | "pas-encore": the content, not the schema, names the skills.
    before: { type: Schema.Types.Mixed, default: null },
    beforeAt: { type: Date, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    afterAt: { type: Date, default: null },
  },
  { collection: 'session_self_assessments', versionKey: false, minimize: false },
);
sessionSelfSchema.index({ user: 1 });
export const SessionSelfAssessment = mongoose.model('SessionSelfAssessment', sessionSelfSchema);
