/**
 * Forms are parsed at the edge into plain strings and numbers. Schemas use
 * translation keys as messages, so a bad field becomes a clear 400 page in the
 * reader's language, never a 500.
 */
import { z } from 'zod';
import { BadInput, NotFound } from './errors.js';

/**
 * `fields` names where the field labels are: `fields` (the platform's) by default,
 * or a feature's own, e.g. `residents.fields`.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, fields = 'fields'): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? '');
  const field = name && fields !== 'fields' ? `${fields}.${name}` : name;
  const key = issue.message.startsWith('errors.') || issue.message.includes('.errors.') ? issue.message : 'errors.badInput';
  throw new BadInput(key, { field });
}

/** A required single-line text field: trimmed, 1..max characters, one value only. */
export const text = (max: number) =>
  z.string({ error: 'errors.fieldMissing' }).trim().min(1, 'errors.fieldEmpty').max(max, 'errors.fieldTooLong');

/** A password field: not trimmed (spaces count), bounded. */
export const password = (min = 1) =>
  z
    .string({ error: 'errors.fieldMissing' })
    .min(min, min > 1 ? 'errors.passwordTooShort' : 'errors.fieldEmpty')
    .max(128, 'errors.fieldTooLong');

const OBJECT_ID = /^[a-f0-9]{24}$/;

/** A database id from a URL path: anything else cannot exist, so it is a 404. */
export function idParam(value: unknown): string {
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) throw new NotFound();
  return value;
}
