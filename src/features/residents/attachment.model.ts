/**
 * The files of the attachments live in GridFS (bucket `attachments`), which the driver
 * writes; this model names its list of files, `attachments.files`, so that its queries
 * are read and explained like every other (attachment.repository.ts). Never written here.
 */
import mongoose, { Schema } from 'mongoose';

export const BUCKET = 'attachments';

const attachmentFileSchema = new Schema(
  {
    length: Number,
    uploadDate: Date,
    filename: String,
    metadata: { type: Schema.Types.Mixed },
  },
  { collection: `${BUCKET}.files`, versionKey: false, strict: false },
);

export const AttachmentFile = mongoose.model('AttachmentFile', attachmentFileSchema);
