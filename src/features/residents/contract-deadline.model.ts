import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One deadline of a contract followed by a legal-advice entry (withdrawal, end of
 * commitment), written with the entry. The leader's home asks for the deadlines of one
 * site and one day (`{ site, day }`, top-level equalities that FerretDB turns into SQL),
 * fifteen days in parallel, instead of reading every entry of the site.
 */
const contractDeadlineSchema = new Schema(
  {
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    /** "YYYY-MM-DD", the last day. */
    day: { type: String, required: true, maxlength: 10 },
    kind: { type: String, enum: ['retractation', 'fin-engagement'], required: true },
    resident: { type: Schema.Types.ObjectId, ref: 'Resident', required: true },
    entry: { type: Schema.Types.ObjectId, ref: 'SupportEntry', required: true },
  },
  { timestamps: true },
);
contractDeadlineSchema.index({ site: 1, day: 1 });
contractDeadlineSchema.index({ entry: 1, kind: 1 }, { unique: true });
contractDeadlineSchema.index({ resident: 1 });

export type ContractDeadlineDoc = InferSchemaType<typeof contractDeadlineSchema> & { _id: mongoose.Types.ObjectId };
export const ContractDeadline = mongoose.model('ContractDeadline', contractDeadlineSchema, 'contract_deadlines');
