/**
 * The first login with a login card (`/premiere-connexion`): the username and the card's
 * one-time code, then a password of one's own; no e-mail needed. Then the usual login.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { parseForm, password, showsFormAgain, text } from '../../platform/forms.js';
import { PASSWORD_MIN } from './account-rules.js';
import type { LoginLimits } from './login-throttle.js';
import { useLoginCode } from './login-code.service.js';

const firstLoginForm = z
  .object({ username: text(40), code: text(20), next: password(PASSWORD_MIN), confirm: password() })
  .refine((f) => f.next === f.confirm, { message: 'accounts.errors.confirmMismatch', path: ['confirm'] });

export function firstLoginRouter(): Router {
  const r = Router();
  const showForm = (req: Request, res: Response) =>
    res.render('accounts/first-login', { title: req.t('accounts.firstLogin.title'), done: false });
  r.get('/premiere-connexion', showForm);
  r.post(
    '/premiere-connexion',
    showsFormAgain(showForm, async (req, res) => {
      const form = parseForm(firstLoginForm, req.body);
      const limits = req.app.locals.loginLimits as LoginLimits;
      await useLoginCode({ username: form.username, code: form.code, password: form.next }, req.ip ?? '', limits, new Date());
      res.render('accounts/first-login', { title: req.t('accounts.firstLogin.title'), done: true });
    }),
  );
  return r;
}
