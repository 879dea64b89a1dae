/**
 * The activity log's documents (see activity.ts): one per thing that happened, under an
 * id of its own that its writer chooses, so that writing it again changes nothing.
 */
import mongoose, { Schema } from 'mongoose';

const activitySchema = new Schema(
  {
    /** `<type>:<subject>` for what happens once, `<type>:<subject>:<change>` for a new state. */
    _id: { type: String, required: true, maxlength: 120 },
    type: { type: String, required: true, maxlength: 40 },
    /** The id of the thing it is about (a support entry, a session, a household…). */
    subject: { type: String, required: true, maxlength: 60 },
    site: { type: Schema.Types.ObjectId },
    at: { type: Date, required: true },
    /** What the readers need of it, plain values only: no name, phone or free text. */
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'activity', versionKey: false, minimize: false },
);
activitySchema.index({ site: 1, type: 1 });

export interface ActivityDoc {
  _id: string;
  type: string;
  subject: string;
  site?: mongoose.Types.ObjectId;
  at: Date;
  data: Record<string, unknown>;
}

export const ActivityRecord = mongoose.model('ActivityRecord', activitySchema);
