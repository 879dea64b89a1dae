/**
 * A resident's record page and the forms on it: the information notice, the login
 * account, the attached documents. The record itself is composed above this feature
 * (features/record), which createApp hands in (record-pages.ts).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { dayInBrest } from '../../platform/day.js';
import { AppError, BadInput } from '../../platform/errors.js';
import { parseForm, showsFormAgain } from '../../platform/forms.js';
import { verifyCsrfAfterUpload } from '../../platform/security.js';
import { viewFormat, viewLang } from '../../platform/view-format.js';
import { addAttachments, ATTACHMENT_LABELS, ATTACHMENT_LIMITS, openAttachment } from './attachment.service.js';
import type { RecordPages } from './record-pages.js';
import { noticeForm } from './resident-forms.js';
import { createAccountFromRecord, loginOfRecord, recordNotice, resetLoginOfRecord } from './resident.service.js';
import { recordReferralOutcome } from './referral.service.js';
import { REFERRAL_OUTCOMES, SUPPORT_KINDS } from './vocabulary.js';
import { choice } from '../../platform/form-fields.js';
import { optionalText } from '../../platform/forms.js';

const FIELDS = 'residents.fields';
const id = (req: Request) => String(req.params.id);
const okParam = z
  .enum(['cree', 'modifie', 'notice', 'entree', 'pieces', 'doublon', 'orientation', 'compte', 'code'])
  .optional()
  .catch(undefined);
/** How a referral went: not done needs its why. */
const outcomeForm = z
  .object({ outcome: choice(REFERRAL_OUTCOMES), outcomeReason: optionalText(200) })
  .refine((f) => f.outcome === 'fait' || f.outcomeReason !== '', {
    message: 'residents.errors.outcomeReason',
    path: ['outcomeReason'],
  });
/** "Nouveau code de connexion" asks first: one click never resets. */
const newCodeForm = z.object({ confirm: z.literal('oui', { error: 'residents.errors.confirmNewCode' }) });
const attachmentForm = z.object({ label: z.enum(ATTACHMENT_LABELS, { error: 'errors.choice' }) });

/** The multipart posts that check their CSRF token after multer (createApp declares them). */
export const RESIDENT_UPLOAD_PATH = /^\/residents\/[a-f0-9]{24}\/pieces$/;

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

/**
 * The login of a record: "Créer son compte" (the one way a resident's account is made),
 * and "Nouveau code de connexion", confirmed on a page of its own; the login card is then
 * printed from the record (features/login-cards).
 */
function loginRoutes(r: Router, showRecord: (req: Request, res: Response) => Promise<void>) {
  const leader = requireRole('leader');
  r.post(
    '/residents/:id/compte',
    leader,
    showsFormAgain(showRecord, async (req, res) => {
      await createAccountFromRecord(req.user!, id(req));
      // The record shows the username and the login card to print (no password on screen).
      res.redirect(303, `/residents/${id(req)}?ok=compte#s-account`);
    }),
  );

  const showNewCode = async (req: Request, res: Response) => {
    const login = await loginOfRecord(req.user!, id(req));
    res.render('residents/new-code', { title: req.t('residents.newCode.title'), login });
  };
  r.get('/residents/:id/nouveau-code', leader, showNewCode);
  r.post(
    '/residents/:id/nouveau-code',
    leader,
    showsFormAgain(showNewCode, async (req, res) => {
      parseForm(newCodeForm, req.body, FIELDS);
      await resetLoginOfRecord(req.user!, id(req));
      res.redirect(303, `/residents/${id(req)}?ok=code#s-account`);
    }),
  );
}

export function residentRecordRouter(pages: RecordPages): Router {
  const r = Router();
  const leader = requireRole('leader');

  const showRecord = async (req: Request, res: Response) => {
    const record = await pages.getRecord(req.user!, id(req));
    res.render('residents/record', {
      title: `${record.resident.firstName} ${record.resident.lastName}`.trim(),
      record,
      fmt: viewFormat(viewLang(res.locals)),
      kinds: SUPPORT_KINDS,
      labels: ATTACHMENT_LABELS,
      today: dayInBrest(new Date()),
      ok: req.method === 'GET' ? okParam.parse(req.query.ok) : undefined,
      readOnly: false,
    });
  };
  r.get('/residents/:id', leader, showRecord);

  r.post(
    '/residents/:id/accompagnements/:entry/orientation',
    leader,
    showsFormAgain(showRecord, async (req, res) => {
      const form = parseForm(outcomeForm, req.body, FIELDS);
      await recordReferralOutcome(req.user!, id(req), String(req.params.entry), form, new Date());
      res.redirect(303, `/residents/${id(req)}?ok=orientation#historique`);
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

  loginRoutes(r, showRecord);

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

  return r;
}
