import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { ROLES } from '../../platform/session-user.js';

export { ROLES };

const userSchema = new Schema(
  {
    /** Lower-case login name; many residents have no e-mail. */
    username: { type: String, required: true, lowercase: true, trim: true, maxlength: 40 },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    displayName: { type: String, required: true, trim: true, maxlength: 80 },
    email: { type: String, trim: true, maxlength: 200 },
    locale: { type: String, enum: ['fr', 'en'], default: 'fr' },
    site: { type: Schema.Types.ObjectId, ref: 'Site' },
    /** Set by the support-record feature when an account belongs to a resident record. */
    resident: { type: Schema.Types.ObjectId, ref: 'Resident' },
    /** A temporary password set by a leader must be changed at the next login. */
    mustChangePassword: { type: Boolean, default: false },
    /** Larger text and spacing on every page: a resident's reading need, or their own choice. */
    largeText: { type: Boolean, default: false },
    /** A deactivated account cannot log in; its sessions were ended. Kept for the history. */
    deactivatedAt: { type: Date },
    /** A resident account's letter (a–z or #, of the display name): the lists read one letter of the site. */
    initial: { type: String, maxlength: 1 },
    /** A resident account's part of its letter (platform/name-parts.ts): the lists read at most 50 accounts. */
    namePart: { type: String, maxlength: 200 },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
userSchema.index({ username: 1 }, { unique: true });
userSchema.index({ site: 1, role: 1 });
userSchema.index({ site: 1, initial: 1 });
userSchema.index({ site: 1, namePart: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const User = mongoose.model('User', userSchema);
