import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const siteSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    neighbourhood: { type: String, trim: true, maxlength: 120, default: '' },
    address: { type: String, trim: true, maxlength: 200, default: '' },
    /** Marks data made by `npm run seed:demo`. */
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
siteSchema.index({ name: 1 }, { unique: true });

export type SiteDoc = InferSchemaType<typeof siteSchema> & { _id: mongoose.Types.ObjectId };
export const Site = mongoose.model('Site', siteSchema);
