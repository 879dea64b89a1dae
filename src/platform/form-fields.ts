/**
 * Zod fields shared by the forms of every feature: dates, whole numbers, euros, choices,
 * checkboxes, a form's one-time id. They parse at the edge into plain strings, numbers,
 * booleans and dates; every message is a translation key (platform/messages.json).
 */
import { z } from 'zod';
import { addDays, dayInBrest, isRealDay } from './day.js';

export { optionalText } from './forms.js';

/** A YYYY-MM-DD date (the <input type="date"> format) as a Date at 00:00 UTC; "today" is in Brest. */
export function dateField(opts: { future: 'refuse' | 'allow' | number } = { future: 'refuse' }) {
  return z
    .string({ error: 'errors.fieldMissing' })
    .trim()
    .min(1, 'errors.fieldEmpty')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.dateFormat')
    .refine(isRealDay, 'errors.dateFormat')
    .refine((s) => s >= '2000-01-01', 'errors.dateTooOld')
    .refine(
      (s) => {
        if (opts.future === 'allow') return true;
        const today = dayInBrest(new Date());
        return s <= (opts.future === 'refuse' ? today : addDays(today, opts.future));
      },
      opts.future === 'refuse' ? 'errors.dateFuture' : 'errors.dateTooFar',
    )
    .transform((s) => new Date(`${s}T00:00:00Z`));
}

/** Blank means "not given": the field's own checks run only on a real value. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess(blankToUndefined, schema.optional()).transform((v) => (v === undefined ? null : v));

/** An optional date: empty means none. */
export const optionalDateField = (opts: { future: 'refuse' | 'allow' | number } = { future: 'allow' }) =>
  optional(dateField(opts));

/** A time of day ("14:30", "14h30", "14h") as minutes after midnight; blank gives null. */
export const optionalTimeOfDay = () =>
  optional(
    z
      .string({ error: 'errors.fieldMissing' })
      .trim()
      .regex(/^([01]?\d|2[0-3])\s*[:hH]\s*([0-5]\d)?$/, 'errors.timeFormat')
      .transform((s) => {
        const [h, m] = s.split(/\s*[:hH]\s*/);
        return Number(h) * 60 + Number(m || 0);
      }),
  );

/** A whole number typed in a text or number field. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string({ error: 'errors.fieldMissing' })
    .trim()
    .min(1, 'errors.fieldEmpty')
    .regex(/^\d{1,6}$/, 'errors.number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, 'errors.numberRange');

/** Optional whole number: blank gives null. */
export const optionalWholeNumber = (min: number, max: number) => optional(wholeNumber(min, max));

/**
 * Euros as typed in France into cents: "12,50", "12.50", "12", "50 €", "50€", "50,00 €",
 * "50 euros", "€ 50"; null for anything else. Pure.
 */
export function parseEuros(typed: string): number | null {
  const s = typed
    .trim()
    .toLowerCase()
    .replace(/^€\s*/, '')
    .replace(/\s*(€|eur|euros?)$/, '')
    .replace(/[\s\u00A0\u202F]/g, '');
  if (!/^\d{1,5}([.,]\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s.replace(',', '.')) * 100);
}

/** A euros field (see parseEuros), into cents. */
export const euros = (maxEuros: number) =>
  z
    .string({ error: 'errors.fieldMissing' })
    .trim()
    .min(1, 'errors.fieldEmpty')
    .max(20, 'errors.money')
    .refine((s) => parseEuros(s) !== null, 'errors.money')
    .transform((s) => parseEuros(s)!)
    .refine((c) => c <= maxEuros * 100, 'errors.numberRange');

/**
 * A duration as typed into minutes: "90", "90 min", "90 minutes", "1h30", "1 h 30",
 * "1h", "2 heures", "1:30"; null for anything else. Pure.
 */
export function parseMinutes(typed: string): number | null {
  const s = typed
    .trim()
    .toLowerCase()
    .replace(/[\s\u00A0\u202F]+/g, ' ');
  const plain = /^(\d{1,4}) ?(min|mn|minutes?)?$/.exec(s);
  if (plain) return Number(plain[1]);
  const hours = /^(\d{1,2}) ?(?:h|heures?|:) ?(\d{1,2})? ?(?:min|mn)?$/.exec(s);
  if (hours && (hours[2] === undefined || Number(hours[2]) < 60)) return Number(hours[1]) * 60 + Number(hours[2] ?? 0);
  return null;
}

/** A duration field (see parseMinutes), into minutes between min and max. */
export const minutesField = (min: number, max: number) =>
  z
    .string({ error: 'errors.fieldMissing' })
    .trim()
    .min(1, 'errors.fieldEmpty')
    .max(20, 'errors.duration')
    .refine((s) => parseMinutes(s) !== null, 'errors.duration')
    .transform((s) => parseMinutes(s)!)
    .refine((n) => n >= min && n <= max, 'errors.numberRange');

export const optionalEuros = (maxEuros: number) => optional(euros(maxEuros));

/** One value of a fixed list. */
export const choice = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'errors.fieldMissing' : 'errors.choice') });

/** A checkbox: absent means no, its one value ("oui", as the forms send it) means yes. */
export const checkbox = z
  .literal(['oui', ''], { error: 'errors.badInput' })
  .optional()
  .transform((v) => v === 'oui');

/** Several checkboxes of the same name: one value arrives as a string, several as an array. */
export const multiChoice = <T extends string>(values: readonly [T, ...T[]], min = 0) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(values, { error: 'errors.choice' })).max(values.length))
    .transform((v) => [...new Set(v)])
    .refine((v) => v.length >= min, 'errors.pickOne');

/** The one-time id of a form, so that a double submit records once. */
export const submissionId = z.string({ error: 'errors.badInput' }).regex(/^[a-f0-9]{32}$/, 'errors.badInput');
