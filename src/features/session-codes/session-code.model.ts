import mongoose, { Schema } from 'mongoose';

/**
 * A workshop's short code, given by a leader for one resident present at a session. Only
 * its SHA-256 is kept, as `_id`: a code is found by what is typed, in one equality on
 * `_id`, and two codes alike cannot both be stored (the unique `_id`).
 */
const sessionCodeSchema = new Schema(
  {
    _id: { type: String, required: true, maxlength: 64 },
    session: { type: Schema.Types.ObjectId, ref: 'WorkshopSession', required: true },
    moduleId: { type: String, required: true, maxlength: 80 },
    resident: { type: Schema.Types.ObjectId, ref: 'Resident', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    issuedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'session_codes' },
);
export const SessionCode = mongoose.model('SessionCode', sessionCodeSchema);

/** A code once used, under its hash: two uses at once cannot both succeed (an insert guarded by `_id`). */
const sessionCodeUseSchema = new Schema(
  {
    _id: { type: String, required: true, maxlength: 64 },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true, collection: 'session_code_uses' },
);
export const SessionCodeUse = mongoose.model('SessionCodeUse', sessionCodeUseSchema);
