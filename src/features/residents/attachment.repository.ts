/**
 * Every read and write of the attachments' files (GridFS, so that every app instance
 * reads them). test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import type { Readable } from 'node:stream';
import { GridFSBucket, type ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { AttachmentFile, BUCKET } from './attachment.model.js';

type Id = mongoose.Types.ObjectId;

export interface AttachmentMeta {
  site: ObjectId;
  resident: ObjectId;
  label: string;
  originalName: string;
  contentType: string;
  uploadedBy: string;
}

export interface StoredFile {
  _id: ObjectId;
  length: number;
  uploadDate: Date;
  metadata?: AttachmentMeta;
}

const build = {
  fileById: (id: Id) => ({ model: AttachmentFile, filter: { _id: id } }),
  /** `resident` is copied to the top level of each file's document: a dotted field is not pushed down. */
  filesOfResident: (resident: Id) => ({
    model: AttachmentFile,
    filter: { resident },
    sort: { uploadDate: -1 as const },
  }),
  /** Files stored before `resident` was copied to the top level: completed once at start. */
  filesWithoutResident: () => ({ model: AttachmentFile, filter: { resident: { $exists: false } } }),
};

export const attachmentQueries = namedQueries(
  build,
  { fileById: [new mongoose.Types.ObjectId()], filesOfResident: [new mongoose.Types.ObjectId()], filesWithoutResident: [] },
  { filesWithoutResident: 'once at start, off the request path' },
);

function bucket(): GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return new GridFSBucket(db, { bucketName: BUCKET });
}

export const filesOfResident = (resident: Id, limit: number) =>
  findBy(build.filesOfResident(resident)).limit(limit).lean<StoredFile[]>();
export const findFile = (id: Id) => AttachmentFile.findOne(build.fileById(id).filter).lean<StoredFile>();

/** Writes one file; resolves with its id once every chunk is stored and its owner set at the top level. */
export async function writeFile(name: string, data: Buffer, meta: AttachmentMeta): Promise<ObjectId> {
  const id = await new Promise<ObjectId>((resolve, reject) => {
    const stream = bucket().openUploadStream(name, { metadata: meta });
    stream.once('error', reject);
    stream.once('finish', () => resolve(stream.id));
    stream.end(data);
  });
  await setFileResident(id, meta.resident);
  return id;
}

const setFileResident = (id: ObjectId, resident: ObjectId) =>
  AttachmentFile.collection.updateOne(build.fileById(id).filter, { $set: { resident } });

/** Files stored before the top-level `resident` get it from their metadata; how many. */
export async function addMissingFileResidents(step: () => Promise<void> = async () => {}): Promise<number> {
  const rows = await findBy(build.filesWithoutResident()).lean<StoredFile[]>();
  for (const f of rows) {
    await step();
    if (f.metadata?.resident) await setFileResident(f._id, f.metadata.resident);
  }
  return rows.length;
}

export const openFile = (id: ObjectId): Readable => bucket().openDownloadStream(id);
export const deleteFile = (id: ObjectId) => bucket().delete(id);
