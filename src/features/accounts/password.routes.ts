/**
 * Changing one's own password (at once after a temporary one): every other session of the
 * account ends, and this one goes on under a new id.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireUser } from '../../platform/auth-guards.js';
import { parseForm, password, showsFormAgain } from '../../platform/forms.js';
import { renewCsrfToken } from '../../platform/security.js';
import { prepareNewSessionId } from '../../platform/session-state.js';
import { changePassword, type SessionUser } from './accounts.service.js';
import { PASSWORD_MIN } from './account-rules.js';

const newPassword = { next: password(PASSWORD_MIN), confirm: password() };
const sameTwice = (f: { next: string; confirm: string }) => f.next === f.confirm;
const mismatch = { message: 'accounts.errors.confirmMismatch', path: ['confirm'] };
const passwordForm = z.object({ current: password(), ...newPassword }).refine(sameTwice, mismatch);
/** After a temporary password, typed at login a moment ago: only the new one. */
const firstPasswordForm = z.object(newPassword).refine(sameTwice, mismatch);

/** The same login in a session with a new id. */
function renewSessionId(req: Request, user: SessionUser): Promise<void> {
  prepareNewSessionId(req);
  return new Promise((resolve, reject) =>
    req.login(user, { session: true, keepSessionInfo: true }, (err) => (err ? reject(err) : resolve())),
  );
}

export function passwordRouter(): Router {
  const r = Router();

  const showPassword = (req: Request, res: Response) =>
    res.render('accounts/password', { title: req.t('accounts.password.title'), done: false });
  r.get('/mot-de-passe', requireUser, showPassword);

  r.post(
    '/mot-de-passe',
    requireUser,
    showsFormAgain(showPassword, async (req, res) => {
      const first = req.user!.mustChangePassword;
      const form = first ? { ...parseForm(firstPasswordForm, req.body), current: null } : parseForm(passwordForm, req.body);
      await changePassword(req.user!, form.current, form.next, req.sessionID);
      await renewSessionId(req, { ...req.user!, mustChangePassword: false });
      renewCsrfToken(req);
      res.render('accounts/password', { title: req.t('accounts.password.title'), done: true });
    }),
  );

  return r;
}
