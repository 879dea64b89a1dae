/**
 * One form per kind of support entry, with only the fields that kind needs, plus the
 * common ones (date, duration, place, notes). Parsed at the edge into plain values.
 */
import { z } from 'zod';
import { longText, text } from '../../platform/forms.js';
import { PLACES, REFERRAL_TYPES, SUBSCRIPTION_STATUSES, type SupportKind } from './vocabulary.js';
import { CONTRACT_KINDS } from './contract-rules.js';
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
    // The contract followed (all optional: not every legal question is about one).
    operatorAddress: optionalText(200),
    contractKind: z.preprocess((v) => (v === '' ? undefined : v), choice(CONTRACT_KINDS).optional()).transform((v) => v ?? null),
    signedOn: optionalDateField({ future: 'refuse' }),
    deliveredOn: optionalDateField({ future: 'refuse' }),
    commitmentEnd: optionalDateField({ future: 'allow' }),
  }),
  aide: z.object({
    themes: multiChoice(HELP_THEMES, 1),
    autonomy: choice(AUTONOMY_LEVELS),
    referral: optionalText(200),
    // Where the person is sent (La Coop's structure types), why, and when to ask how it went.
    referralType: z.preprocess((v) => (v === '' ? undefined : v), choice(REFERRAL_TYPES).optional()).transform((v) => v ?? null),
    referralReason: optionalText(200),
    followUpOn: optionalDateField({ future: 'allow' }),
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

type ContractFields = Partial<Record<'contractKind' | 'signedOn' | 'deliveredOn' | 'commitmentEnd', unknown>>;

/** The contract's dates must tell one story: its kind once a date is given, delivery and end after signature. */
function checkContract(form: ContractFields, ctx: z.RefinementCtx) {
  const { contractKind, signedOn, deliveredOn, commitmentEnd } = form;
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!contractKind && (signedOn || deliveredOn || commitmentEnd)) issue('contractKind', 'residents.errors.contractKind');
  if (contractKind && !signedOn) issue('signedOn', 'residents.errors.contractSigned');
  if (signedOn instanceof Date && deliveredOn instanceof Date && deliveredOn < signedOn)
    issue('deliveredOn', 'residents.errors.deliveryBeforeSignature');
  if (signedOn instanceof Date && commitmentEnd instanceof Date && commitmentEnd <= signedOn)
    issue('commitmentEnd', 'residents.errors.commitmentBeforeSignature');
}

/** A follow-up date is about a referral: the structure type comes with it. */
function checkReferral(form: Partial<Record<'referralType' | 'followUpOn', unknown>>, ctx: z.RefinementCtx) {
  if (form.followUpOn && !form.referralType)
    ctx.addIssue({ code: 'custom', path: ['referralType'], message: 'residents.errors.referralType' });
}

/** The schema of one kind's whole form: common fields and the kind's details. */
export function entryFormSchema(kind: SupportKind) {
  // Common fields first, as on the page: the first error reported is the first one seen.
  const schema = z.object({ ...common, ...DETAIL_SCHEMAS[kind].shape } as typeof common & Record<string, z.ZodType>);
  if (kind === 'conseil-juridique') return schema.superRefine(checkContract);
  return kind === 'aide' ? schema.superRefine(checkReferral) : schema;
}

/** Splits a parsed form into common fields and kind-specific details. */
export function toEntryInput(kind: SupportKind, form: Record<string, unknown>): EntryInput {
  const { date, durationMinutes, place, notes, submission, ...details } = form;
  return { kind, date, durationMinutes, place, notes, submission, details } as unknown as EntryInput;
}
