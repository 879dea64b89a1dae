/**
 * Forms are parsed at the edge into plain strings and numbers. Schemas use
 * translation keys as messages. A refused form is shown again, as typed, with a
 * message next to each wrong field and a summary at the top (`showsFormAgain`); a
 * form that no page can show again becomes a clear 400 page, never a 500.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { AppError, BadInput, NotFound } from './errors.js';

/** One wrong field: its name in the form, a message key and the key of its label. */
export interface FieldIssue {
  name: string;
  key: string;
  params: Record<string, string | number>;
}

/** A form with one or more wrong fields. The first issue is also the error's own key. */
export class FormRefused extends BadInput {
  constructor(readonly issues: FieldIssue[]) {
    super(issues[0]!.key, issues[0]!.params);
  }
}

const messageKey = (message: string) =>
  message.startsWith('errors.') || message.includes('.errors.') ? message : 'errors.badInput';

/**
 * `fields` names where the field labels are: `fields` (the platform's) by default,
 * or a feature's own, e.g. `residents.fields`. Every wrong field is reported, once.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, fields = 'fields'): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues: FieldIssue[] = [];
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (issues.some((i) => i.name === name)) continue;
    const field = name && fields !== 'fields' ? `${fields}.${name}` : name;
    issues.push({ name, key: messageKey(issue.message), params: { field } });
  }
  throw new FormRefused(issues);
}

/**
 * Characters that nobody types into a form: control characters, the marks that
 * reorder text (bidirectional overrides and isolates, which can make a name print
 * backwards on a certificate), zero-width spaces, and U+FFFD, which stands for bytes
 * that were not UTF-8. Joiners (U+200C, U+200D) stay: some scripts and emoji need them.
 */
/* eslint-disable no-control-regex -- finding control characters is the point */
const UNTYPED_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFFD]/;
/** The same in a text area, where line breaks and tabs are typed. */
const UNTYPED_IN_AREA =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFFD]/;

const CONTROL = /[\u0000-\u001F\u007F]/;
/* eslint-enable no-control-regex */

/** True when a string holds only what a person can type on one line. */
export const typedOnOneLine = (s: string) => !UNTYPED_IN_LINE.test(s);

/** A required single-line text field: trimmed, 1..max characters, one value only. */
export const text = (max: number) =>
  z
    .string({ error: 'errors.fieldMissing' })
    .trim()
    .min(1, 'errors.fieldEmpty')
    .max(max, 'errors.fieldTooLong')
    .refine(typedOnOneLine, 'errors.fieldCharacters');

/** A required text area: line breaks allowed, the rest as `text`. */
export const longText = (max: number) =>
  z
    .string({ error: 'errors.fieldMissing' })
    .trim()
    .min(1, 'errors.fieldEmpty')
    .max(max, 'errors.fieldTooLong')
    .refine((s) => !UNTYPED_IN_AREA.test(s), 'errors.fieldCharacters');

/** An optional text field or area: missing or blank gives ''. */
export const optionalText = (max: number, opts: { lines?: boolean } = {}) =>
  z
    .string({ error: 'errors.badInput' })
    .trim()
    .max(max, 'errors.fieldTooLong')
    .refine((s) => !(opts.lines ? UNTYPED_IN_AREA : UNTYPED_IN_LINE).test(s), 'errors.fieldCharacters')
    .optional()
    .transform((s) => s ?? '');

/** A password field: not trimmed (spaces count), bounded, no control characters. */
export const password = (min = 1) =>
  z
    .string({ error: 'errors.fieldMissing' })
    .min(min, min > 1 ? 'errors.passwordTooShort' : 'errors.fieldEmpty')
    .max(128, 'errors.fieldTooLong')
    .refine((s) => !CONTROL.test(s), 'errors.fieldCharacters');

const OBJECT_ID = /^[a-f0-9]{24}$/;

/** A database id from a URL path: anything else cannot exist, so it is a 404. */
export function idParam(value: unknown): string {
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) throw new NotFound();
  return value;
}

// ---------- showing a refused form again ----------

/** What a view needs to show a form again: the messages and what was typed. */
export interface FormState {
  /** Each wrong field's translated message; `field` is '' for the form as a whole. */
  problems: { field: string; message: string }[];
  values: Record<string, string | string[]>;
}

/** The state of a form shown for the first time. */
export const freshForm = (): FormState => ({ problems: [], values: {} });

const PASSWORD_FIELDS = new Set(['password', 'current', 'next', 'confirm']);

/** Keeps only plain string values of a posted form, to fill the form again (never the token or a password). */
export function typedValues(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf' || k === '__proto__' || PASSWORD_FIELDS.has(k)) continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** The translated messages of a refused form. */
export function formProblems(req: Request, err: BadInput): FormState['problems'] {
  const issues = err instanceof FormRefused ? err.issues : [{ name: '', key: err.key, params: err.params }];
  return issues.map((i) => {
    const label = String(i.params.field ?? '');
    const field = label ? req.t(label.includes('.') ? label : `fields.${label}`, { defaultValue: label }) : '';
    // A service's refusal concerns the form as a whole: no field, the summary only.
    return { field: err instanceof FormRefused ? i.name : '', message: req.t(i.key, { ...i.params, field }) };
  });
}

/**
 * A POST handler whose refusals (a wrong field, or a service's BadInput) show the page
 * the form is on again (`show`, usually the GET handler of that page) with status 422,
 * the messages, and what was typed. Views read `form` (see partials/form-problems.ejs).
 */
export function showsFormAgain(
  show: (req: Request, res: Response) => unknown,
  handle: (req: Request, res: Response, next: NextFunction) => unknown,
): RequestHandler {
  return async (req, res, next) => {
    try {
      await handle(req, res, next);
    } catch (err) {
      if (!(err instanceof BadInput) || res.headersSent) return next(err);
      await showRefusedForm(req, res, err, show).catch(next);
    }
  };
}

/** Shows a refused form again (see showsFormAgain), for handlers that cannot be wrapped. */
export async function showRefusedForm(
  req: Request,
  res: Response,
  err: BadInput,
  show: (req: Request, res: Response) => unknown,
): Promise<void> {
  res.status(422);
  res.locals.form = { problems: formProblems(req, err), values: typedValues(req.body) } satisfies FormState;
  await show(req, res);
}

// ---------- what a form post may be ----------

/**
 * Posts are HTML forms: URL-encoded, or multipart on the paths that take files. Any
 * other body (JSON above all, which a script could send with a stolen token) is refused
 * with 415 before anything reads it, so it can never pass for an empty form.
 */
export function formBodiesOnly(takesFiles: (path: string) => boolean): RequestHandler {
  return (req, _res, next) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (!hasBody) return next();
    if (req.is('application/x-www-form-urlencoded')) return next();
    if (req.is('multipart/form-data') && takesFiles(req.path)) return next();
    next(new AppError(415, 'errors.unsupportedType'));
  };
}

/**
 * body-parser keeps a percent sequence that is not UTF-8 (`%FF`) as its three
 * characters: refuse such a body instead of storing what nobody typed.
 */
export function refuseInvalidUtf8(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  // A body that says it is Latin-1 is decoded as such by body-parser.
  const charset = /charset=["']?([^;"']+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return;
  for (const part of buf.toString('latin1').split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw Object.assign(new Error('the form is not valid UTF-8'), { status: 400, type: 'encoding.invalid' });
    }
  }
  // Bytes above 0x7F sent without percent-encoding must form UTF-8 too.
  if (!isUtf8(buf)) throw Object.assign(new Error('the form is not valid UTF-8'), { status: 400, type: 'encoding.invalid' });
}
