import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { READING_NEEDS } from './vocabulary.js';

/**
 * A resident's record. Identity only: support entries, attachments and attendance live
 * in their own collections, so this document stays small and is read by `_id`.
 */
const residentSchema = new Schema(
  {
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    household: { type: Schema.Types.ObjectId, ref: 'Household' },
    firstName: { type: String, required: true, trim: true, maxlength: 60 },
    lastName: { type: String, trim: true, maxlength: 60, default: '' },
    birthYear: { type: Number, min: 1900, max: 2100 },
    phone: { type: String, trim: true, maxlength: 30, default: '' },
    noPhone: { type: Boolean, default: false },
    email: { type: String, trim: true, maxlength: 200, default: '' },
    jobSeeker: { type: Boolean, default: false },
    readingNeeds: { type: [String], enum: READING_NEEDS, default: [] },
    /** The RGPD information notice: required before the first support entry. */
    notice: {
      givenAt: { type: Date },
      givenBy: { type: Schema.Types.ObjectId, ref: 'User' },
      givenByName: { type: String, maxlength: 80 },
    },
    /** Latest support entry or workshop attended: drives the retention rule. */
    lastContactAt: { type: Date },
    /** Set by the latest entry that says whether something is left to do. */
    followUp: { type: Boolean, default: false },
    /** The resident's login account, when there is one (User.resident points back). */
    user: { type: Schema.Types.ObjectId, ref: 'User' },
    anonymisedAt: { type: Date },
    /** Every prefix of the words of the names and the dwelling (resident-rules.ts): the list's search. */
    searchKeys: { type: [String], default: undefined },
    /** The list's letter (a–z or #), so that a page reads one letter, not the whole site. */
    initial: { type: String, maxlength: 1 },
    /** The list's part (platform/name-parts.ts: letter and start), so that a page reads at most 50 residents. */
    namePart: { type: String, maxlength: 200 },
    /** What the list shows of the household, copied at each change of it: the list reads no household. */
    shown: {
      building: { type: String, default: '' },
      entrance: { type: String, default: '' },
      flat: { type: String, default: '' },
      subscription: { type: String, default: '' },
    },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
residentSchema.index({ site: 1, lastName: 1 });
residentSchema.index({ site: 1, initial: 1 });
residentSchema.index({ site: 1, namePart: 1 });
residentSchema.index({ site: 1, searchKeys: 1 });
residentSchema.index({ site: 1, followUp: 1 });
residentSchema.index({ user: 1 });
residentSchema.index({ household: 1 });

export type ResidentDoc = InferSchemaType<typeof residentSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const Resident = mongoose.model('Resident', residentSchema);
