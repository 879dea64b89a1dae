/** The validation pages' forms and address flags, parsed at the edge. */
import { z } from 'zod';
import { optionalText, text } from '../../platform/forms.js';
import { VALIDATION_LEVELS, VALIDATION_METHODS } from '../progress/index.js';
import { LIMITS } from './validation-rules.js';

export const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const contentId = (key: string) => z.string({ error: 'errors.fieldMissing' }).max(60).regex(ID, key);
const validationFields = {
  method: z.enum(VALIDATION_METHODS, { error: 'validation.errors.method' }),
  level: z.enum(VALIDATION_LEVELS, { error: 'validation.errors.level' }),
  day: z.string({ error: 'errors.fieldMissing' }).max(10),
  comment: optionalText(LIMITS.comment, { lines: true }),
};
export const validateForm = z.object({ skill: contentId('validation.errors.unknownSkill'), ...validationFields });
export const withdrawForm = z.object({ skill: contentId('validation.errors.unknownSkill'), reason: text(LIMITS.reason) });
export const issueForm = z.object({ ref: contentId('certificates.errors.unknownCertificate') });
const cellsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(100)).max(400));
/** `rows`: accounts whose every skill not yet validated is ticked at once ("Toute la ligne"). */
export const sessionForm = z.object({ cells: cellsField, rows: cellsField, ...validationFields });

export const FIELDS = 'validation.fields';

/** The `?fait=` flag a redirect adds after an action, to show its confirmation. */
export const doneFlag = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 20) : '');
/** The skill whose save is confirmed next to it (`?competence=`). */
export const doneSkill = (value: unknown): string => (typeof value === 'string' && ID.test(value) ? value : '');
/** After a save: back to the skill's module, with the confirmation next to the skill. */
export const skillUrl = (userId: string, moduleId: string, skill: string, done: string) =>
  `/validation/residents/${userId}?module=${moduleId}&fait=${done}&competence=${skill}#competence-${skill}`;
