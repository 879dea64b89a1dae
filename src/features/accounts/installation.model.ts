import mongoose, { Schema } from 'mongoose';

/**
 * The first-run set-up (/installation), claimed once: on FerretDB 1.24 only an insert
 * guarded by a unique index (here the fixed `_id`) is atomic, so two set-ups sent at once
 * cannot both create a coordinator.
 */
const installationSchema = new Schema(
  {
    _id: { type: String, required: true },
    coordinator: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'installation', versionKey: false },
);
export const Installation = mongoose.model('Installation', installationSchema);
