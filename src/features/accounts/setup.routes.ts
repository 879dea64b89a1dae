/** The first start: the set-up page creates the first coordinator, then closes. */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { parseForm, password, showsFormAgain, text } from '../../platform/forms.js';
import { coordinatorExists, createFirstCoordinator } from './accounts.service.js';
import { PASSWORD_MIN } from './account-rules.js';
import { username } from './account-forms.js';
import { logIn } from './login.routes.js';

const setupForm = z
  .object({ displayName: text(80), username, next: password(PASSWORD_MIN), confirm: password() })
  .refine((f) => f.next === f.confirm, { message: 'accounts.errors.confirmMismatch', path: ['confirm'] });

export function setupRouter(): Router {
  const r = Router();

  const showSetup = (req: Request, res: Response) => res.render('accounts/setup', { title: req.t('accounts.setup.title') });
  r.get('/installation', async (req, res) => {
    if (await coordinatorExists()) return res.redirect(303, '/connexion');
    showSetup(req, res);
  });

  r.post('/installation', (req, res, next) =>
    showsFormAgain(showSetup, async () => {
      const form = parseForm(setupForm, req.body);
      const user = await createFirstCoordinator({ username: form.username, password: form.next, displayName: form.displayName });
      logIn(req, res, next, user, '/comptes');
    })(req, res, next),
  );

  return r;
}
