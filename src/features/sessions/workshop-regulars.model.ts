import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A workshop's regulars at a site: who attended its sessions, with the date of the last
 * one. `_id` is `<site>:<moduleId>`. Kept by each attendance (session.service.ts), under
 * its lock; `npm run stats:rebuild` makes it again from the sessions. The attendance
 * picker lists the latest first, without reading the site's residents.
 */
const workshopRegularsSchema = new Schema(
  {
    _id: { type: String, required: true },
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    moduleId: { type: String, required: true, maxlength: 80 },
    residents: {
      type: [{ _id: false, resident: { type: Schema.Types.ObjectId, required: true }, last: { type: Date, required: true } }],
      default: [],
    },
  },
  { versionKey: false },
);

workshopRegularsSchema.index({ site: 1 });

export type WorkshopRegularsDoc = InferSchemaType<typeof workshopRegularsSchema>;
export const WorkshopRegulars = model('WorkshopRegulars', workshopRegularsSchema, 'workshop_regulars');
