/**
 * The taken places of the status list. A place is taken by inserting its document: the
 * unique index is the judge (FerretDB 1.24 has no atomic update), so two issues at the
 * same instant never share a bit. Places are drawn at random, as the Bitstring Status
 * List spec advises, so that a place tells nothing of the order of issue.
 */
import mongoose, { Schema } from 'mongoose';

const slotSchema = new Schema(
  {
    list: { type: String, required: true, maxlength: 20 },
    index: { type: Number, required: true },
    takenAt: { type: Date, required: true },
  },
  { collection: 'credential_status_slots', versionKey: false },
);
slotSchema.index({ list: 1, index: 1 }, { unique: true });

export const CredentialSlot = mongoose.model('CredentialSlot', slotSchema);
