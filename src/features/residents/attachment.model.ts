/**
 * The files of the attachments live in GridFS (bucket `attachments`), which the driver
 * writes; this model names its list of files, `attachments.files`, so that its queries
 * are read and explained like every other (attachment.repository.ts). Written only to copy
 * each file's resident to the top level.
 */
import mongoose, { Schema } from 'mongoose';

export const BUCKET = 'attachments';

const attachmentFileSchema = new Schema(
  {
    length: Number,
    uploadDate: Date,
    filename: String,
    metadata: { type: Schema.Types.Mixed },
    /** metadata.resident at the top level, where FerretDB 1.x can filter on it. */
    resident: { type: Schema.Types.ObjectId },
  },
  { collection: `${BUCKET}.files`, versionKey: false, strict: false },
);
attachmentFileSchema.index({ resident: 1 });

export const AttachmentFile = mongoose.model('AttachmentFile', attachmentFileSchema);
