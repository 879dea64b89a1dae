/** Changing one's own password (at once after a temporary one). */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireUser } from '../../platform/auth-guards.js';
import { parseForm, password, showsFormAgain } from '../../platform/forms.js';
import { changePassword } from './accounts.service.js';
import { PASSWORD_MIN } from './account-rules.js';

const passwordForm = z
  .object({ current: password(), next: password(PASSWORD_MIN), confirm: password() })
  .refine((f) => f.next === f.confirm, { message: 'accounts.errors.confirmMismatch', path: ['confirm'] });

export function passwordRouter(): Router {
  const r = Router();

  const showPassword = (req: Request, res: Response) =>
    res.render('accounts/password', { title: req.t('accounts.password.title'), done: false });
  r.get('/mot-de-passe', requireUser, showPassword);

  r.post(
    '/mot-de-passe',
    requireUser,
    showsFormAgain(showPassword, async (req, res) => {
      const form = parseForm(passwordForm, req.body);
      await changePassword(req.user!, form.current, form.next);
      res.render('accounts/password', { title: req.t('accounts.password.title'), done: true });
    }),
  );

  return r;
}
