/**
 * The before/after self-assessment of a workshop (`/ateliers/:module/avant-apres`, a
 * resident) and the skills booklet (PDF): a resident's own from "Mon dossier", or a
 * resident's of the leader's site from the record.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { idParam, parseForm, showsFormAgain } from '../../platform/forms.js';
import { NotFound } from '../../platform/errors.js';
import { MOMENTS } from './self-assessment-rules.js';
import { renderSkillsBooklet } from './skills-booklet-pdf.js';
import { saveSelfAssessment, selfAssessmentPage, skillsBooklet } from './self-assessment.service.js';

const moduleParam = (value: unknown) => {
  if (typeof value !== 'string' || !/^[a-z0-9-]{1,80}$/.test(value)) throw new NotFound();
  return value;
};
const saveForm = z.object({
  session: z.string({ error: 'errors.fieldMissing' }).regex(/^[a-f0-9]{24}$/, 'errors.badInput'),
  moment: z.enum(MOMENTS, { error: 'errors.badInput' }),
});
const okParam = z.enum(MOMENTS).optional().catch(undefined);

function sendPdf(res: Response, pdf: Buffer) {
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': 'inline; filename="livret-de-competences.pdf"',
    'Cache-Control': 'private, no-store',
  });
  res.send(pdf);
}

export function selfAssessmentRouter(): Router {
  const r = Router();
  const resident = requireRole('resident');

  const showPage = async (req: Request, res: Response) => {
    const page = await selfAssessmentPage(req.user!, moduleParam(req.params.module), new Date());
    res.render('self-assessment/page', {
      title: req.t('selfAssessment.page.title', { module: page.module.title }),
      ...page,
      ok: req.method === 'GET' ? okParam.parse(req.query.ok) : undefined,
    });
  };
  r.get('/ateliers/:module/avant-apres', resident, showPage);
  r.post(
    '/ateliers/:module/avant-apres',
    resident,
    showsFormAgain(showPage, async (req, res) => {
      const moduleId = moduleParam(req.params.module);
      const form = parseForm(saveForm, req.body);
      await saveSelfAssessment(req.user!, moduleId, { ...form, body: req.body as Record<string, unknown> }, new Date());
      res.redirect(303, `/ateliers/${moduleId}/avant-apres?ok=${form.moment}`);
    }),
  );

  r.get('/mon-dossier/livret-competences.pdf', resident, async (req, res) => {
    sendPdf(res, await renderSkillsBooklet(await skillsBooklet(req.user!, null, new Date())));
  });
  r.get('/residents/:id/livret-competences.pdf', requireRole('leader'), async (req, res) => {
    sendPdf(res, await renderSkillsBooklet(await skillsBooklet(req.user!, idParam(req.params.id), new Date())));
  });
  return r;
}
