/**
 * Ids and duplicate keys, one way each. A document id arrives as a URL segment or a
 * form field: anything but 24 hex digits names no document (404, never a cast error).
 */
import mongoose from 'mongoose';
import { NotFound } from './errors.js';

const OBJECT_ID = /^[a-f0-9]{24}$/;

/** The id, or null when the text cannot be one. */
export function idOrNull(id: unknown): mongoose.Types.ObjectId | null {
  return typeof id === 'string' && OBJECT_ID.test(id) ? new mongoose.Types.ObjectId(id) : null;
}

/** The id of a document asked for by the request: 404 when the text cannot be one. */
export function parseId(id: unknown): mongoose.Types.ObjectId {
  const parsed = idOrNull(id);
  if (!parsed) throw new NotFound();
  return parsed;
}

/** Whether a write was refused by a unique index (E11000): the one atomic judge on FerretDB 1.x. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 11000;
}
