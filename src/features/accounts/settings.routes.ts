/**
 * "Mon compte": the account's own settings. The language chosen here is used at every
 * login; the header's "English"/"Français" link changes only the session's.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireUser } from '../../platform/auth-guards.js';
import { parseForm, showsFormAgain } from '../../platform/forms.js';
import { setLocale } from './accounts.service.js';

const languageForm = z.object({ langue: z.enum(['fr', 'en'], { error: 'errors.badInput' }) });

export function settingsRouter(): Router {
  const r = Router();

  const showSettings = (req: Request, res: Response) =>
    res.render('accounts/settings', {
      title: req.t('accounts.settings.title'),
      done: req.method === 'GET' && req.query.fait === '1',
    });
  r.get('/mon-compte', requireUser, showSettings);

  r.post(
    '/mon-compte',
    requireUser,
    showsFormAgain(showSettings, async (req, res) => {
      const form = parseForm(languageForm, req.body);
      await setLocale(req.user!, form.langue);
      // The session follows the account's new choice.
      delete req.session.lang;
      res.redirect(303, '/mon-compte?fait=1');
    }),
  );

  return r;
}
