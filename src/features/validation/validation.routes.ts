import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { idParam, optionalText, parseForm, showsFormAgain, text } from '../../platform/forms.js';
import { VALIDATION_LEVELS, VALIDATION_METHODS } from '../progress/index.js';
import { LIMITS } from './validation.model.js';
import type { SessionUser } from '../accounts/index.js';
import type { CertificatePort } from './certificate-port.js';
import {
  issueSessionCertificates as issueSessionCertificatesWith,
  myValidationHistory,
  pageModuleId,
  residentSkillsPage as residentSkillsPageWith,
  residentsToValidate,
  sessionGrid as sessionGridWith,
  validateSession,
  validateSkill,
  withdrawValidation,
} from './validation.service.js';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const contentId = (key: string) => z.string({ error: 'errors.fieldMissing' }).max(60).regex(ID, key);
const validationFields = {
  method: z.enum(VALIDATION_METHODS, { error: 'validation.errors.method' }),
  level: z.enum(VALIDATION_LEVELS, { error: 'validation.errors.level' }),
  day: z.string({ error: 'errors.fieldMissing' }).max(10),
  comment: optionalText(LIMITS.comment, { lines: true }),
};
const validateForm = z.object({ skill: contentId('validation.errors.unknownSkill'), ...validationFields });
const withdrawForm = z.object({ skill: contentId('validation.errors.unknownSkill'), reason: text(LIMITS.reason) });
const issueForm = z.object({ ref: contentId('certificates.errors.unknownCertificate') });
const cellsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(100)).max(400));
const sessionForm = z.object({ cells: cellsField, ...validationFields });

const FIELDS = 'validation.fields';

/** The `?fait=` flag a redirect adds after an action, to show its confirmation. */
const doneFlag = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 20) : '');
/** The skill whose save is confirmed next to it (`?competence=`). */
const doneSkill = (value: unknown): string => (typeof value === 'string' && ID.test(value) ? value : '');
/** After a save: back to the skill's module, with the confirmation next to the skill. */
const skillUrl = (userId: string, moduleId: string, skill: string, done: string) =>
  `/validation/residents/${userId}?module=${moduleId}&fait=${done}&competence=${skill}#competence-${skill}`;

export function validationRouter(certificates: CertificatePort): Router {
  // The certificate parts of these pages come from the feature above (createApp).
  const residentSkillsPage = (actor: SessionUser, userId: string, now: Date, moduleId: string | null) =>
    residentSkillsPageWith(actor, userId, now, certificates, moduleId);
  const sessionGrid = (actor: SessionUser, sessionId: string, now: Date) => sessionGridWith(actor, sessionId, now, certificates);
  const issueSessionCertificates = (actor: SessionUser, sessionId: string, now: Date) =>
    issueSessionCertificatesWith(actor, sessionId, now, certificates);
  const issueCertificate = certificates.issue;
  const r = Router();
  const leader = requireRole('leader');

  r.get('/validation', leader, async (req, res) => {
    const residents = await residentsToValidate(req.user!);
    res.render('validation/residents', { title: req.t('validation.residents.title'), residents });
  });

  // GET: the module asked for in the address; a refused form: the module of its skill.
  const showResident = async (req: Request, res: Response) => {
    const get = req.method === 'GET';
    const moduleId = pageModuleId(get ? { module: req.query.module } : { skill: req.body?.skill, ref: req.body?.ref });
    const page = await residentSkillsPage(req.user!, idParam(req.params.userId), new Date(), moduleId);
    res.render('validation/resident', {
      title: req.t('validation.resident.title', { name: page.resident.displayName }),
      ...page,
      done: get ? doneFlag(req.query.fait) : '',
      doneSkill: get ? doneSkill(req.query.competence) : '',
    });
  };
  r.get('/validation/residents/:userId', leader, showResident);

  r.post(
    '/validation/residents/:userId/competences',
    leader,
    showsFormAgain(showResident, async (req, res) => {
      const userId = idParam(req.params.userId);
      const form = parseForm(validateForm, req.body, FIELDS);
      const { moduleId } = await validateSkill(req.user!, userId, form.skill, form, new Date());
      res.redirect(303, skillUrl(userId, moduleId, form.skill, 'valide'));
    }),
  );

  r.post(
    '/validation/residents/:userId/retrait',
    leader,
    showsFormAgain(showResident, async (req, res) => {
      const userId = idParam(req.params.userId);
      const form = parseForm(withdrawForm, req.body, FIELDS);
      const { moduleId } = await withdrawValidation(req.user!, userId, form.skill, form.reason, new Date());
      res.redirect(303, skillUrl(userId, moduleId, form.skill, 'retire'));
    }),
  );

  r.post(
    '/validation/residents/:userId/certificats',
    leader,
    showsFormAgain(showResident, async (req, res) => {
      const userId = idParam(req.params.userId);
      const form = parseForm(issueForm, req.body, FIELDS);
      const { certificate } = await issueCertificate(req.user!, userId, form.ref, new Date());
      res.redirect(303, `/certificats/${certificate.id}?fait=delivre`);
    }),
  );

  const showGrid = async (req: Request, res: Response) => {
    const grid = await sessionGrid(req.user!, idParam(req.params.sessionId), new Date());
    res.render('validation/session', {
      title: req.t('validation.session.title', { module: grid.session.moduleTitle }),
      ...grid,
      done: req.method === 'GET' ? doneFlag(req.query.fait) : '',
      count: Number(req.query.n) || 0,
    });
  };
  r.get('/validation/seances/:sessionId', leader, showGrid);

  r.post(
    '/validation/seances/:sessionId',
    leader,
    showsFormAgain(showGrid, async (req, res) => {
      const sessionId = idParam(req.params.sessionId);
      const form = parseForm(sessionForm, req.body, FIELDS);
      const n = await validateSession(req.user!, sessionId, form.cells, form, new Date());
      res.redirect(303, `/validation/seances/${sessionId}?fait=valide&n=${n}`);
    }),
  );

  r.post(
    '/validation/seances/:sessionId/certificats',
    leader,
    showsFormAgain(showGrid, async (req, res) => {
      const sessionId = idParam(req.params.sessionId);
      const counts = await issueSessionCertificates(req.user!, sessionId, new Date());
      res.redirect(303, `/validation/seances/${sessionId}?fait=delivre&n=${counts.issued}`);
    }),
  );

  r.get('/mes-validations', requireRole('resident'), async (req, res) => {
    const history = await myValidationHistory(req.user!);
    res.render('validation/mine', { title: req.t('validation.mine.title'), history });
  });

  return r;
}
