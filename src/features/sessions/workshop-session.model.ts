import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A dated workshop session of a module at a site; attendees are resident ids. */
const workshopSessionSchema = new Schema(
  {
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    moduleId: { type: String, required: true, maxlength: 80 },
    date: { type: Date, required: true },
    /** The month of `date` in Brest, "YYYY-MM": the list reads one month (an equality). */
    month: { type: String, maxlength: 7 },
    /** Monday of the session's week (YYYY-MM-DD, Brest): the leader's home reads a few weeks. */
    week: { type: String, maxlength: 10 },
    /** When it starts on Brest's clocks, in minutes after midnight (none: the whole day). */
    startMinutes: { type: Number, min: 0, max: 1439, default: null },
    durationMinutes: { type: Number, min: 0, max: 1440, default: 90 },
    leader: { type: Schema.Types.ObjectId, ref: 'User' },
    leaderName: { type: String, maxlength: 80, default: '' },
    attendees: { type: [Schema.Types.ObjectId], ref: 'Resident', default: [] },
    notes: { type: String, maxlength: 1000, default: '' },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
workshopSessionSchema.index({ site: 1, date: -1 });
workshopSessionSchema.index({ site: 1, month: 1 });
workshopSessionSchema.index({ site: 1, moduleId: 1, date: -1 });
workshopSessionSchema.index({ attendees: 1 });
workshopSessionSchema.index({ site: 1, week: 1 });

export type WorkshopSessionDoc = InferSchemaType<typeof workshopSessionSchema> & { _id: mongoose.Types.ObjectId };
export const WorkshopSession = mongoose.model('WorkshopSession', workshopSessionSchema);
