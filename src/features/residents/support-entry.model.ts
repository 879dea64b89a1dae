import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { PLACES, SUPPORT_KINDS } from './vocabulary.js';

/**
 * One support entry (accompagnement). One collection for every kind: the common
 * fields are typed, the kind-specific ones sit in `details` (validated by the kind's
 * form before they get here). `submission` makes a double submit count once.
 */
const supportEntrySchema = new Schema(
  {
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    resident: { type: Schema.Types.ObjectId, ref: 'Resident', required: true },
    kind: { type: String, enum: SUPPORT_KINDS, required: true },
    date: { type: Date, required: true },
    leader: { type: Schema.Types.ObjectId, ref: 'User' },
    leaderName: { type: String, maxlength: 80, default: '' },
    durationMinutes: { type: Number, min: 0, max: 1440 },
    place: { type: String, enum: PLACES, required: true },
    notes: { type: String, maxlength: 2000, default: '' },
    details: { type: Schema.Types.Mixed, default: {} },
    submission: { type: String, required: true, maxlength: 64 },
  },
  { timestamps: true, minimize: false },
);
supportEntrySchema.index({ submission: 1 }, { unique: true });
supportEntrySchema.index({ resident: 1, date: -1 });
supportEntrySchema.index({ site: 1, date: -1 });

export type SupportEntryDoc = InferSchemaType<typeof supportEntrySchema> & {
  _id: mongoose.Types.ObjectId;
  details: Record<string, unknown>;
  createdAt: Date;
};
export const SupportEntry = mongoose.model('SupportEntry', supportEntrySchema);
