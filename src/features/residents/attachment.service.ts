/**
 * Attachments of a resident record (signed information notice, scanned contract,
 * photo of an installation), in GridFS so that every app instance reads them.
 * Every file of an upload is checked by its first bytes before anything is stored;
 * the stored name is random; only staff of the resident's site can read them.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { ObjectId } from 'mongodb';
import type { SessionUser } from '../accounts/index.js';
import { BadInput, NotFound } from '../../platform/errors.js';
import { parseId } from '../../platform/ids.js';
import * as repo from './attachment.repository.js';
import { activeResidentForStaff, residentForStaff } from './resident-access.js';
import { residentAudit, subject } from './resident-audit.js';

export const ATTACHMENT_LIMITS = { fileSize: 5 * 1024 * 1024, files: 3 } as const;
export const ATTACHMENT_LABELS = ['notice', 'contrat', 'photo', 'autre'] as const;
export type AttachmentLabel = (typeof ATTACHMENT_LABELS)[number];

/** PDF, JPEG, PNG, WebP: what a scanner or a tablet's camera gives. Never SVG (it can hold scripts). */
const ALLOWED: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface AttachmentView {
  id: string;
  label: AttachmentLabel;
  name: string;
  contentType: string;
  size: number;
  uploadedAt: Date;
  uploadedBy: string;
}

/** A name safe to show and to send back in Content-Disposition: letters, digits, . - _ */
export function safeName(original: string, ext: string): string {
  const base = original
    .replace(/\.[^.]*$/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'piece'}.${ext}`;
}

/** The real type of each file, from its first bytes: the name and the browser's word are not trusted. */
async function sniff(files: UploadedFile[]): Promise<{ mime: string; ext: string }[]> {
  const types = [];
  for (const f of files) {
    const found = await fileTypeFromBuffer(f.buffer);
    const ext = found ? ALLOWED[found.mime] : undefined;
    if (!found || !ext) throw new BadInput('residents.errors.fileType', { name: f.originalname.slice(0, 80) });
    types.push({ mime: found.mime, ext });
  }
  return types;
}

/**
 * Stores the files of one upload, all or none: every file is checked first, and a
 * failure while writing removes what this upload had already written.
 */
export async function addAttachments(
  actor: SessionUser,
  residentId: string,
  label: AttachmentLabel,
  files: UploadedFile[],
): Promise<number> {
  const r = await activeResidentForStaff(actor, residentId);
  if (files.length === 0) throw new BadInput('residents.errors.noFile');
  if (files.length > ATTACHMENT_LIMITS.files)
    throw new BadInput('residents.errors.tooManyFiles', { max: ATTACHMENT_LIMITS.files });
  const types = await sniff(files);
  const written: ObjectId[] = [];
  try {
    for (const [i, f] of files.entries()) {
      const t = types[i]!;
      written.push(
        await repo.writeFile(randomBytes(16).toString('hex'), f.buffer, {
          site: r.site as unknown as ObjectId,
          resident: r._id as unknown as ObjectId,
          label,
          originalName: safeName(f.originalname, t.ext),
          contentType: t.mime,
          uploadedBy: actor.displayName,
        }),
      );
    }
  } catch (err) {
    await Promise.all(written.map((id) => repo.deleteFile(id).catch(() => undefined)));
    throw err;
  }
  await residentAudit.record(actor, 'resident.attachment.add', subject(r._id), { count: files.length, label });
  return files.length;
}

export async function listAttachments(residentId: string): Promise<AttachmentView[]> {
  const rows = await repo.filesOfResident(parseId(residentId), 100);
  return rows.map((f) => {
    const m = f.metadata!;
    return {
      id: String(f._id),
      label: m.label as AttachmentLabel,
      name: m.originalName,
      contentType: m.contentType,
      size: f.length,
      uploadedAt: f.uploadDate,
      uploadedBy: m.uploadedBy,
    };
  });
}

/** One attachment for download: the resident must be of the actor's site, and the file theirs. */
export async function openAttachment(
  actor: SessionUser,
  residentId: string,
  fileId: string,
): Promise<{ name: string; contentType: string; size: number; stream: Readable }> {
  const r = await residentForStaff(actor, residentId);
  const f = await repo.findFile(parseId(fileId));
  const m = f?.metadata;
  if (!f || !m || String(m.resident) !== String(r._id) || String(m.site) !== String(r.site)) throw new NotFound();
  await residentAudit.record(actor, 'resident.attachment.view', subject(r._id), { file: fileId });
  return { name: m.originalName, contentType: m.contentType, size: f.length, stream: repo.openFile(f._id) };
}

/** Erasure: the files themselves go. */
export async function deleteAttachmentsOf(residentId: string): Promise<number> {
  const rows = await repo.filesOfResident(parseId(residentId), 10_000);
  for (const f of rows) await repo.deleteFile(f._id);
  return rows.length;
}

/**
 * Files stored before their resident was copied to the top level of the file's document
 * get it: run once at start by the maintenance job (a whole-collection read, off the
 * request path); afterwards the record page finds them by an indexed equality.
 */
export const addMissingFileResidents = (step?: () => Promise<void>) => repo.addMissingFileResidents(step);
