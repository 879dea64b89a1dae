/**
 * The first login with a login card (`/premiere-connexion`): the username and the card's
 * one-time code, then a password of one's own; no e-mail needed. The resident is then
 * logged in at once: the new password is not typed a second time.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { checkbox } from '../../platform/form-fields.js';
import { parseForm, password, showsFormAgain, text } from '../../platform/forms.js';
import { PASSWORD_MIN } from './account-rules.js';
import type { LoginLimits } from './login-throttle.js';
import { useLoginCode } from './login-code.service.js';
import { logIn } from './login.routes.js';

const firstLoginForm = z
  .object({ username: text(40), code: text(20), next: password(PASSWORD_MIN), confirm: password(), partage: checkbox })
  .refine((f) => f.next === f.confirm, { message: 'accounts.errors.confirmMismatch', path: ['confirm'] });

export function firstLoginRouter(): Router {
  const r = Router();
  const showForm = (req: Request, res: Response) =>
    res.render('accounts/first-login', { title: req.t('accounts.firstLogin.title') });
  r.get('/premiere-connexion', showForm);
  r.post(
    '/premiere-connexion',
    showsFormAgain(showForm, async (req, res, next) => {
      const form = parseForm(firstLoginForm, req.body);
      const limits = req.app.locals.loginLimits as LoginLimits;
      const user = await useLoginCode(
        { username: form.username, code: form.code, password: form.next },
        req.ip ?? '',
        limits,
        new Date(),
      );
      logIn(req, res, next, user, '/', form.partage);
    }),
  );
  return r;
}
