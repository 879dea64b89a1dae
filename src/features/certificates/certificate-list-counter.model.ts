/**
 * One counter per site and month: how many places of the staff list its certificates
 * have taken (certificate-list-keys.ts). Read by `_id` for a month's page count, taken
 * under the document lock at each issue (FerretDB 1.24 loses concurrent `$inc`s).
 */
import mongoose, { Schema } from 'mongoose';

const listCounterSchema = new Schema(
  {
    /** listCounterId(site, month). */
    _id: { type: String, required: true, maxlength: 40 },
    site: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true, maxlength: 7 },
    taken: { type: Number, required: true, min: 0 },
  },
  { collection: 'certificate_list_counters', versionKey: false },
);

export const CertificateListCounter = mongoose.model('CertificateListCounter', listCounterSchema);

export interface CertificateListCounterDoc {
  _id: string;
  site: mongoose.Types.ObjectId;
  month: string;
  taken: number;
}
