/** A workshop session's grid: several residents' skills validated at once, and their certificates. */
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../../platform/auth-guards.js';
import { idParam, parseForm, showsFormAgain } from '../../platform/forms.js';
import type { CertificatePort } from './certificate-port.js';
import { doneFlag, FIELDS, sessionForm } from './validation-forms.js';
import { issueSessionCertificates, sessionGrid } from './session-grid.service.js';
import { validateSession } from './validation.service.js';

export function sessionValidationRouter(certificates: CertificatePort): Router {
  const r = Router();
  const leader = requireRole('leader');

  const showGrid = async (req: Request, res: Response) => {
    const grid = await sessionGrid(req.user!, idParam(req.params.sessionId), new Date(), certificates);
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
      const n = await validateSession(req.user!, sessionId, form.cells, form, new Date(), form.rows);
      res.redirect(303, `/validation/seances/${sessionId}?fait=valide&n=${n}`);
    }),
  );

  r.post(
    '/validation/seances/:sessionId/certificats',
    leader,
    showsFormAgain(showGrid, async (req, res) => {
      const sessionId = idParam(req.params.sessionId);
      const counts = await issueSessionCertificates(req.user!, sessionId, new Date(), certificates);
      // New certificates: their list, with "Tout imprimer" (one PDF of all).
      if (counts.ids.length > 0)
        return res.redirect(303, `/certificats/impression?ids=${counts.ids.join(',')}&seance=${sessionId}`);
      res.redirect(303, `/validation/seances/${sessionId}?fait=delivre&n=${counts.issued}`);
    }),
  );

  return r;
}
