/** The form of a support entry, one per kind (installation, computer, legal advice…). */
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../../platform/auth-guards.js';
import { dayInBrest } from '../../platform/day.js';
import { NotFound } from '../../platform/errors.js';
import { parseForm, showsFormAgain, type FormState } from '../../platform/forms.js';
import { addEntry, prepareEntry } from './support.service.js';
import { withdrawalLetterData } from './contract.service.js';
import { renderWithdrawalLetter } from './withdrawal-letter-pdf.js';
import { AUTONOMY_LEVELS, HELP_THEMES, LEGAL_STATUSES, LEGAL_SUBJECTS, entryFormSchema, toEntryInput } from './support-forms.js';
import { CONTRACT_KINDS } from './contract-rules.js';
import { PLACES, SUBSCRIPTION_STATUSES, SUPPORT_KINDS, type SupportKind } from './vocabulary.js';

const id = (req: Request) => String(req.params.id);
const newSubmission = () => randomBytes(16).toString('hex');

function kindParam(req: Request): SupportKind {
  const kind = String(req.params.kind);
  if (!(SUPPORT_KINDS as readonly string[]).includes(kind)) throw new NotFound();
  return kind as SupportKind;
}

const ENTRY_CHOICES = {
  places: PLACES,
  subjects: LEGAL_SUBJECTS,
  contractKinds: CONTRACT_KINDS,
  legalStatuses: LEGAL_STATUSES,
  themes: HELP_THEMES,
  autonomy: AUTONOMY_LEVELS,
  statuses: SUBSCRIPTION_STATUSES,
};

export function supportEntryRouter(): Router {
  const r = Router();
  const leader = requireRole('leader');

  const showEntryForm = async (req: Request, res: Response) => {
    const kind = kindParam(req);
    const values = (res.locals.form as FormState).values;
    const resident = await prepareEntry(req.user!, id(req));
    const today = dayInBrest(new Date());
    res.render('residents/entry-form', {
      title: req.t(`residents.kinds.${kind}`),
      resident,
      kind,
      choices: ENTRY_CHOICES,
      values: { date: today, place: kind === 'installation' ? 'domicile' : 'espace', ...values },
      submission:
        typeof values.submission === 'string' && /^[a-f0-9]{32}$/.test(values.submission) ? values.submission : newSubmission(),
      today,
    });
  };
  r.get('/residents/:id/accompagnements/:kind', leader, showEntryForm);

  r.post(
    '/residents/:id/accompagnements/:kind',
    leader,
    showsFormAgain(showEntryForm, async (req, res) => {
      const kind = kindParam(req);
      const form = parseForm(entryFormSchema(kind), req.body, 'residents.fields');
      const { created } = await addEntry(req.user!, id(req), toEntryInput(kind, form));
      res.redirect(303, `/residents/${id(req)}?ok=${created ? 'entree' : 'doublon'}#historique`);
    }),
  );

  r.get('/residents/:id/accompagnements/:entry/lettre-retractation.pdf', leader, async (req, res) => {
    const pdf = await renderWithdrawalLetter(await withdrawalLetterData(req.user!, id(req), String(req.params.entry)));
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'inline; filename="lettre-retractation.pdf"',
      'Cache-Control': 'private, no-store',
    });
    res.send(pdf);
  });

  return r;
}
