/**
 * Workshops' short codes: the leader asks for one from the session page
 * (`POST /seances/:id/code`, shown once, never stored in clear); on a space computer,
 * `/code-atelier` takes it and opens the resident's session as on a shared computer,
 * straight to the workshop's before/after self-assessment (self-assessment).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { logIn, tryAgainIn, type LoginLimits } from '../accounts/index.js';
import { requireRole } from '../../platform/auth-guards.js';
import { idParam, parseForm, showsFormAgain, text } from '../../platform/forms.js';
import { retryAfterSeconds } from '../../platform/rate-limits.js';
import { issueSessionCode, useSessionCode, type CodeTimes } from './session-code.service.js';

const FIELDS = 'sessionCodes.fields';
const issueForm = z.object({ resident: z.string({ error: 'errors.fieldMissing' }).regex(/^[a-f0-9]{24}$/, 'errors.badInput') });
const useForm = z.object({ code: text(20) });

export function sessionCodesRouter(times: CodeTimes): Router {
  const r = Router();

  const showIssued = (req: Request, res: Response) =>
    res.render('session-codes/issued', {
      title: req.t('sessionCodes.issued.title'),
      issued: null,
      sessionId: idParam(req.params.id),
    });

  r.post(
    '/seances/:id/code',
    requireRole('leader'),
    showsFormAgain(showIssued, async (req, res) => {
      const sessionId = idParam(req.params.id);
      const form = parseForm(issueForm, req.body, FIELDS);
      const issued = await issueSessionCode(req.user!, sessionId, form.resident, req.ip ?? '', new Date(), times);
      // Shown once: no copy kept by the browser or a proxy.
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).render('session-codes/issued', { title: req.t('sessionCodes.issued.title'), issued, sessionId });
    }),
  );

  const showEnter = (req: Request, res: Response, error: string | null = null) =>
    res.render('session-codes/enter', { title: req.t('sessionCodes.enter.title'), error });

  r.get('/code-atelier', (req, res) => showEnter(req, res));

  r.post('/code-atelier', (req, res, next) =>
    showsFormAgain(showEnter, async () => {
      const form = parseForm(useForm, req.body, FIELDS);
      const limits = req.app.locals.loginLimits as LoginLimits;
      const login = await useSessionCode(form.code, req.ip ?? '', limits, new Date());
      if (!login.user) {
        const wait = retryAfterSeconds(login.retryAfterMs);
        res.setHeader('Retry-After', String(wait));
        res.status(429);
        return showEnter(req, res, tryAgainIn(req, wait));
      }
      // A shared computer: its short idle limit applies, whoever was logged in before.
      logIn(req, res, next, login.user, `/ateliers/${encodeURIComponent(login.moduleId)}/avant-apres`, true, true);
    })(req, res, next),
  );

  return r;
}
