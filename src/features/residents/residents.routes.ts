/**
 * The support record's pages. Handlers parse (zod, at the edge), call one service
 * function, render. Roles are checked here by route and in the services by object.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { AppError, BadInput, NotFound } from '../../platform/errors.js';
import { parseForm, showsFormAgain, type FormState } from '../../platform/forms.js';
import { pageField, pageHref, parseListQuery } from '../../platform/paging.js';
import { LETTERS } from './resident-rules.js';
import { checksCsrfAfterUpload, verifyCsrfAfterUpload } from '../../platform/security.js';
import { addAttachments, ATTACHMENT_LABELS, ATTACHMENT_LIMITS, openAttachment } from './attachment.service.js';
import type { RecordPages } from './record-pages.js';
import {
  createAccountFromRecord,
  createResident,
  getIdentity,
  listResidents,
  recordNotice,
  updateDwelling,
  updateIdentity,
} from './resident.service.js';
import { dwellingForm, eraseForm, identityForm, listQuery, newResidentForm, noticeForm } from './resident-forms.js';
import { addEntry, prepareEntry } from './support.service.js';
import { SUPPORT_KINDS, PLACES, type SupportKind } from './support-entry.model.js';
import { AUTONOMY_LEVELS, HELP_THEMES, LEGAL_STATUSES, LEGAL_SUBJECTS, entryFormSchema, toEntryInput } from './support-forms.js';
import { SUBSCRIPTION_STATUSES } from './household.model.js';
import { READING_NEEDS } from './resident.model.js';
import { todayInFrance } from './form-fields.js';
import { viewFormat } from './view-format.js';
import { randomBytes } from 'node:crypto';

const FIELDS = 'residents.fields';
const id = (req: Request) => String(req.params.id);
const lang = (res: Response) => (res.locals.lang === 'en' ? 'en' : 'fr') as 'fr' | 'en';
const newSubmission = () => randomBytes(16).toString('hex');

const okParam = z.enum(['cree', 'modifie', 'notice', 'entree', 'pieces', 'doublon', 'efface']).optional().catch(undefined);

/** The journal's query string: a subject, or a month (YYYY-MM, this month by default), and a page. */
const journalQuery = z.object({
  sujet: z
    .string({ error: 'errors.badInput' })
    .regex(/^[a-z]+:[a-f0-9]{24}$/, 'errors.badInput')
    .optional(),
  mois: z
    .string({ error: 'errors.badInput' })
    .regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/, 'residents.errors.month')
    .optional(),
  page: pageField,
});

/** "2026-01" and -1 give "2025-12". */
function shiftMonth(month: string, by: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
}

/** What a refused form had typed, to fill it again (empty on a first showing). */
const typed = (res: Response) => (res.locals.form as FormState).values;

const UPLOAD_PATH = /^\/residents\/[a-f0-9]{24}\/pieces$/;

/** multer in memory, bounded; its refusals become clear messages. */
function receiveFiles(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names in UTF-8: "contrat opérateur.pdf" keeps its accent.
    defParamCharset: 'utf8',
    limits: {
      fileSize: ATTACHMENT_LIMITS.fileSize,
      files: ATTACHMENT_LIMITS.files,
      fields: 5,
      fieldSize: 1000,
      parts: 10,
      fieldNameSize: 40,
    },
  }).array('fichiers', ATTACHMENT_LIMITS.files);
  return (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return next(new AppError(413, 'residents.errors.fileTooBig', { max: 5 }));
        if (err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE')
          return next(new BadInput('residents.errors.tooManyFiles', { max: ATTACHMENT_LIMITS.files }));
        return next(new BadInput());
      }
      next(err);
    });
}

const attachmentForm = z.object({ label: z.enum(ATTACHMENT_LABELS, { error: 'residents.errors.choice' }) });

function kindParam(req: Request): SupportKind {
  const kind = String(req.params.kind);
  if (!(SUPPORT_KINDS as readonly string[]).includes(kind)) throw new NotFound();
  return kind as SupportKind;
}

const ENTRY_CHOICES = {
  places: PLACES,
  subjects: LEGAL_SUBJECTS,
  legalStatuses: LEGAL_STATUSES,
  themes: HELP_THEMES,
  autonomy: AUTONOMY_LEVELS,
  statuses: SUBSCRIPTION_STATUSES,
};

export function residentsRouter(pages: RecordPages): Router {
  const { auditTrail, eraseResident, exportResident, getOwnRecord, getRecord } = pages;
  const r = Router();
  const leader = requireRole('leader');
  checksCsrfAfterUpload(UPLOAD_PATH);

  r.get('/residents', leader, async (req, res) => {
    const query = parseListQuery(listQuery, req.query);
    const list = await listResidents(req.user!, query);
    const params = { q: query.q, filtre: query.filtre === 'tous' ? undefined : query.filtre };
    const at = (lettre: string | null | undefined, page: number) =>
      pageHref('/residents', { ...params, lettre: lettre ?? undefined }, page);
    const pager = {
      page: list.page,
      hasPrevious: list.hasPrevious || Boolean(list.previousLetter),
      hasNext: list.hasNext || Boolean(list.nextLetter),
      // At either end of a letter, the next or previous letter.
      previousHref: list.hasPrevious ? at(list.letter, list.page - 1) : at(list.previousLetter, 1),
      nextHref: list.hasNext ? at(list.letter, list.page + 1) : at(list.nextLetter, 1),
    };
    res.render('residents/list', {
      title: req.t('residents.list.title'),
      list,
      rows: list.rows,
      query,
      pager,
      letters: LETTERS.map((l) => ({ letter: l, href: at(l, 1), current: l === list.letter })),
      ok: okParam.parse(req.query.ok),
    });
  });

  const showNew = (req: Request, res: Response) =>
    res.render('residents/new', { title: req.t('residents.new.title'), values: typed(res), readingNeeds: READING_NEEDS });
  r.get('/residents/nouveau', leader, showNew);

  r.post(
    '/residents',
    leader,
    showsFormAgain(showNew, async (req, res) => {
      const form = parseForm(newResidentForm, req.body, FIELDS);
      const { building, entrance, flat, address, landlordRef, ...identity } = form;
      const created = await createResident(req.user!, {
        ...identity,
        dwelling: { building, entrance, flat, address, landlordRef },
      });
      res.redirect(303, `/residents/${created}?ok=cree`);
    }),
  );

  const showRecord = async (req: Request, res: Response) => {
    const record = await getRecord(req.user!, id(req));
    res.render('residents/record', {
      title: `${record.resident.firstName} ${record.resident.lastName}`.trim(),
      record,
      fmt: viewFormat(lang(res)),
      kinds: SUPPORT_KINDS,
      labels: ATTACHMENT_LABELS,
      today: todayInFrance(new Date()),
      ok: req.method === 'GET' ? okParam.parse(req.query.ok) : undefined,
      readOnly: false,
    });
  };
  r.get('/residents/:id', leader, showRecord);

  const showEdit = async (req: Request, res: Response) => {
    const current = await getIdentity(req.user!, id(req));
    res.render('residents/edit', {
      title: req.t('residents.edit.title'),
      current,
      values: typed(res),
      readingNeeds: READING_NEEDS,
    });
  };

  r.get('/residents/:id/modifier', leader, showEdit);

  r.post(
    '/residents/:id/identite',
    leader,
    showsFormAgain(showEdit, async (req, res) => {
      const form = parseForm(identityForm, req.body, FIELDS);
      await updateIdentity(req.user!, id(req), form);
      res.redirect(303, `/residents/${id(req)}?ok=modifie`);
    }),
  );

  r.post(
    '/residents/:id/logement',
    leader,
    showsFormAgain(showEdit, async (req, res) => {
      const form = parseForm(dwellingForm, req.body, FIELDS);
      await updateDwelling(req.user!, id(req), form);
      res.redirect(303, `/residents/${id(req)}?ok=modifie`);
    }),
  );

  r.post(
    '/residents/:id/notice',
    leader,
    showsFormAgain(showRecord, async (req, res) => {
      const form = parseForm(noticeForm, req.body, FIELDS);
      await recordNotice(req.user!, id(req), form.noticeDate);
      res.redirect(303, `/residents/${id(req)}?ok=notice`);
    }),
  );

  const showEntryForm = async (req: Request, res: Response) => {
    const kind = kindParam(req);
    const values = typed(res);
    const resident = await prepareEntry(req.user!, id(req));
    res.render('residents/entry-form', {
      title: req.t(`residents.kinds.${kind}`),
      resident,
      kind,
      choices: ENTRY_CHOICES,
      values: { date: todayInFrance(new Date()), place: kind === 'installation' ? 'domicile' : 'espace', ...values },
      submission:
        typeof values.submission === 'string' && /^[a-f0-9]{32}$/.test(values.submission) ? values.submission : newSubmission(),
      today: todayInFrance(new Date()),
    });
  };

  r.get('/residents/:id/accompagnements/:kind', leader, showEntryForm);

  r.post(
    '/residents/:id/accompagnements/:kind',
    leader,
    showsFormAgain(showEntryForm, async (req, res) => {
      const kind = kindParam(req);
      const form = parseForm(entryFormSchema(kind), req.body, FIELDS);
      const { created } = await addEntry(req.user!, id(req), toEntryInput(kind, form));
      res.redirect(303, `/residents/${id(req)}?ok=${created ? 'entree' : 'doublon'}#historique`);
    }),
  );

  r.post(
    '/residents/:id/compte',
    leader,
    showsFormAgain(showRecord, async (req, res) => {
      const created = await createAccountFromRecord(req.user!, id(req));
      res.status(201).render('residents/account', {
        title: req.t('residents.account.title'),
        residentId: id(req),
        account: created.user,
        password: created.password,
      });
    }),
  );

  r.post(
    '/residents/:id/pieces',
    leader,
    receiveFiles(),
    verifyCsrfAfterUpload,
    showsFormAgain(showRecord, async (req, res) => {
      const form = parseForm(attachmentForm, req.body, FIELDS);
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      await addAttachments(req.user!, id(req), form.label, files);
      res.redirect(303, `/residents/${id(req)}?ok=pieces#pieces`);
    }),
  );

  r.get('/residents/:id/pieces/:file', leader, async (req, res) => {
    const file = await openAttachment(req.user!, id(req), String(req.params.file));
    res.set({
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename="${file.name}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
    file.stream.on('error', () => res.destroy());
    file.stream.pipe(res);
  });

  r.get('/residents/:id/export.json', leader, async (req, res) => {
    const data = await exportResident(req.user!, id(req), new Date());
    res.set({ 'Content-Disposition': `attachment; filename="dossier-${id(req)}.json"`, 'Cache-Control': 'private, no-store' });
    res.type('application/json').send(JSON.stringify(data, null, 2));
  });

  r.get('/residents/:id/export', leader, async (req, res) => {
    const data = await exportResident(req.user!, id(req), new Date());
    res.set('Cache-Control', 'private, no-store');
    res.render('residents/export', { title: req.t('residents.export.title'), data, fmt: viewFormat(lang(res)) });
  });

  const showErase = async (req: Request, res: Response) => {
    const current = await getIdentity(req.user!, id(req));
    res.render('residents/erase', { title: req.t('residents.erase.title'), current });
  };
  r.get('/residents/:id/effacer', leader, showErase);

  r.post(
    '/residents/:id/effacer',
    leader,
    showsFormAgain(showErase, async (req, res) => {
      parseForm(eraseForm, req.body, FIELDS);
      await eraseResident(req.user!, id(req), new Date());
      res.redirect(303, '/residents?ok=efface');
    }),
  );

  r.get('/mon-dossier', requireRole('resident'), async (req, res) => {
    const record = await getOwnRecord(req.user!);
    res.render('residents/mine', { title: req.t('residents.mine.title'), record, fmt: viewFormat(lang(res)), readOnly: true });
  });

  r.get('/journal', requireRole('coordinator'), async (req, res) => {
    const query = parseListQuery(journalQuery, req.query);
    const month = query.mois ?? new Date().toISOString().slice(0, 7);
    const list = await auditTrail(req.user!, { subject: query.sujet, month }, query.page);
    const params = { sujet: query.sujet, mois: query.sujet ? undefined : month };
    const href = (n: number) => pageHref('/journal', params, n);
    res.render('residents/audit', {
      title: req.t('residents.audit.title'),
      events: list.rows,
      sujet: query.sujet ?? '',
      month,
      previousMonth: query.sujet ? null : `/journal?mois=${shiftMonth(month, -1)}`,
      nextMonth: query.sujet || month >= new Date().toISOString().slice(0, 7) ? null : `/journal?mois=${shiftMonth(month, 1)}`,
      pager: { ...list, previousHref: href(list.page - 1), nextHref: href(list.page + 1) },
      fmt: viewFormat(lang(res)),
    });
  });

  return r;
}
