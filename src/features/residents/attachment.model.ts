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

// GridFS's own indexes, declared so that the first start makes them with both
// collections: with several instances on FerretDB 1.24 (one FerretDB each), a
// collection or index that one FerretDB makes after another has read its catalogue is
// unknown to the other (its reads find nothing, its writes fail).
attachmentFileSchema.index({ filename: 1, uploadDate: 1 });
export const AttachmentFile = mongoose.model('AttachmentFile', attachmentFileSchema);

const attachmentChunkSchema = new Schema(
  { files_id: Schema.Types.ObjectId, n: Number, data: Buffer },
  { collection: `${BUCKET}.chunks`, versionKey: false, strict: false },
);
attachmentChunkSchema.index({ files_id: 1, n: 1 }, { unique: true });
mongoose.model('AttachmentChunk', attachmentChunkSchema);
