import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The one-time code of a login card: one per account (`_id` = the user's id), so that a
 * new card replaces the previous one. Only its SHA-256 is kept: the code itself is
 * printed once, on the card.
 */
const loginCodeSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    hash: { type: String, required: true, maxlength: 64 },
    expiresAt: { type: Date, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
export type LoginCodeDoc = InferSchemaType<typeof loginCodeSchema>;
export const LoginCode = mongoose.model('LoginCode', loginCodeSchema, 'login_codes');

/**
 * A code once used: inserted under the code's hash, so that two uses at once cannot both
 * succeed (an insert guarded by the unique `_id` is the one atomic write on FerretDB 1.x).
 */
const loginCodeUseSchema = new Schema(
  {
    _id: { type: String, required: true, maxlength: 64 },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true },
);
export const LoginCodeUse = mongoose.model('LoginCodeUse', loginCodeUseSchema, 'login_code_uses');
