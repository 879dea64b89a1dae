import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { SUBSCRIPTION_STATUSES } from './vocabulary.js';

/**
 * A household and its dwelling in one document: a dwelling has one household at a
 * time, and the record page then reads one document instead of two. Members are the
 * residents whose `household` points here.
 */
const householdSchema = new Schema(
  {
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    dwelling: {
      address: { type: String, trim: true, maxlength: 200, default: '' },
      building: { type: String, trim: true, maxlength: 40, default: '' },
      entrance: { type: String, trim: true, maxlength: 20, default: '' },
      flat: { type: String, trim: true, maxlength: 20, default: '' },
      landlordRef: { type: String, trim: true, maxlength: 40, default: '' },
    },
    /** Normalised building|entrance|flat, to find the household of a dwelling again. */
    key: { type: String, required: true, maxlength: 100 },
    subscription: {
      status: { type: String, enum: [...SUBSCRIPTION_STATUSES, ''], default: '' },
      offer: { type: String, trim: true, maxlength: 120, default: '' },
      /** Euro cents, so that sums stay exact. */
      monthlyChargeCents: { type: Number, min: 0, max: 100_000 },
      dates: {
        propose: Date,
        souscrit: Date,
        'modem-livre': Date,
        actif: Date,
        termine: Date,
      },
    },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
// One household per dwelling: an insert guarded by this index is atomic even on FerretDB.
householdSchema.index({ site: 1, key: 1 }, { unique: true });

export type HouseholdDoc = InferSchemaType<typeof householdSchema> & { _id: mongoose.Types.ObjectId };
export const Household = mongoose.model('Household', householdSchema);
