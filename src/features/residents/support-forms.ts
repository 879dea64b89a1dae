/**
 * One form per kind of support entry, with only the fields that kind needs, plus the
 * common ones (date, duration, place, notes). Parsed at the edge into plain values.
 */
import { z } from 'zod';
import { longText, text } from '../../platform/forms.js';
import { PLACES, SUBSCRIPTION_STATUSES, type SupportKind } from './vocabulary.js';
import {
  choice,
  dateField,
  euros,
  multiChoice,
  optionalDateField,
  optionalEuros,
  optionalText,
  submissionId,
  minutesField,
} from '../../platform/form-fields.js';

export const LEGAL_SUBJECTS = ['choix-offre', 'resiliation', 'litige-facture', 'retractation', 'autre'] as const;
export const LEGAL_STATUSES = ['regle', 'en-cours'] as const;
export const HELP_THEMES = [
  'courriel',
  'demarches',
  'emploi',
  'sante',
  'banque',
  'smartphone',
  'securite',
  'fichiers',
  'visio',
  'autre',
] as const;
export const AUTONOMY_LEVELS = ['pas-encore', 'avec-aide', 'seul'] as const;

const common = {
  date: dateField({ future: 'refuse' }),
  durationMinutes: minutesField(0, 600),
  place: choice(PLACES),
  notes: optionalText(2000, { lines: true }),
  submission: submissionId,
};

export const DETAIL_SCHEMAS = {
  installation: z.object({
    equipment: text(120),
    problem: longText(500),
    solved: choice(['oui', 'non']).transform((v) => v === 'oui'),
  }),
  ordinateur: z.object({
    device: text(120),
    system: text(60),
    priceCents: euros(2000),
    assetTag: text(40),
    warrantyEnd: optionalDateField(),
  }),
  'conseil-juridique': z.object({
    partner: text(120),
    subject: choice(LEGAL_SUBJECTS),
    outcome: longText(500),
    status: choice(LEGAL_STATUSES),
  }),
  aide: z.object({
    themes: multiChoice(HELP_THEMES, 1),
    autonomy: choice(AUTONOMY_LEVELS),
    referral: optionalText(200),
  }),
  abonnement: z.object({
    status: choice(SUBSCRIPTION_STATUSES),
    offer: optionalText(120),
    monthlyChargeCents: optionalEuros(100),
  }),
} satisfies Record<SupportKind, z.ZodType>;

export type EntryDetails = { [K in SupportKind]: z.infer<(typeof DETAIL_SCHEMAS)[K]> };

export interface EntryInput<K extends SupportKind = SupportKind> {
  kind: K;
  date: Date;
  durationMinutes: number;
  place: (typeof PLACES)[number];
  notes: string;
  submission: string;
  details: EntryDetails[K];
}

/** The schema of one kind's whole form: common fields and the kind's details. */
export function entryFormSchema(kind: SupportKind) {
  // Common fields first, as on the page: the first error reported is the first one seen.
  return z.object({ ...common, ...DETAIL_SCHEMAS[kind].shape } as typeof common & Record<string, z.ZodType>);
}

/** Splits a parsed form into common fields and kind-specific details. */
export function toEntryInput(kind: SupportKind, form: Record<string, unknown>): EntryInput {
  const { date, durationMinutes, place, notes, submission, ...details } = form;
  return { kind, date, durationMinutes, place, notes, submission, details } as unknown as EntryInput;
}
