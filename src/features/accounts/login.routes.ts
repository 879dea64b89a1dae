/**
 * Signing in and out, and the larger text every page offers. A login says whether the
 * computer is shared ("Ordinateur partagé": 5 minutes idle); logging out clears the
 * browser's cookies of the session and the language (platform/session-state.ts).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import passport from 'passport';
import { z } from 'zod';
import { requireUser, safeReturnPath } from '../../platform/auth-guards.js';
import { BadInput } from '../../platform/errors.js';
import { checkbox } from '../../platform/form-fields.js';
import { parseForm, password, showRefusedForm, text, typedOnOneLine } from '../../platform/forms.js';
import { forgetVisitorLanguage, visitorLanguage } from '../../platform/i18n.js';
import { retryAfterSeconds } from '../../platform/rate-limits.js';
import { renewCsrfToken } from '../../platform/security.js';
import { clearSessionCookie, idleSettingsOf, prepareLoginSession, sessionEnded } from '../../platform/session-state.js';
import { setLargeText, type SessionUser } from './accounts.service.js';

/** Where to go back to: a path of this site (checked again by safeReturnPath), nothing untypable. */
export const returnPath = z.string().max(1000).refine(typedOnOneLine, 'errors.badInput').optional();
const loginForm = z.object({ username: text(40), password: password(), retour: returnPath, partage: checkbox });
const displayForm = z.object({ taille: z.enum(['grand', 'normal'], { error: 'errors.badInput' }), retour: returnPath });

/** "Trop d’essais. Réessayez dans 30 secondes." (or in N minutes, rounded up). */
export function tryAgainIn(req: Request, seconds: number): string {
  return seconds < 60
    ? req.t('accounts.login.throttledSeconds', { count: seconds })
    : req.t('accounts.login.throttledMinutes', { count: Math.ceil(seconds / 60) });
}

/**
 * Logs a user in through Passport: req.login gives the session a new id; what the login
 * page knew (the shared-computer box, a language chosen before login) goes into it.
 * `byCode`: opened with a workshop's short code (session-codes), not a password.
 */
export function logIn(
  req: Request,
  res: Response,
  next: NextFunction,
  user: SessionUser,
  to: string,
  sharedComputer = false,
  byCode = false,
) {
  const lang = visitorLanguage(req);
  forgetVisitorLanguage(req, res);
  prepareLoginSession(req, user.role, sharedComputer);
  // Opened with a workshop's short code: no password typed, so a temporary one holds nothing back.
  if (byCode) req.session.byCode = true;
  else delete req.session.byCode;
  if (lang) req.session.lang = lang;
  else delete req.session.lang;
  req.login(user, { session: true, keepSessionInfo: true }, (err) => {
    if (err) return next(err);
    renewCsrfToken(req);
    res.redirect(303, user.mustChangePassword && !byCode ? '/mot-de-passe' : to);
  });
}

/** The minutes of the shared-computer idle time, for the login page's hint. */
const sharedComputerMinutes = (req: Request) => Math.max(1, Math.round(idleSettingsOf(req).sharedComputerIdleMs / 60_000));

export function loginRouter(): Router {
  const r = Router();

  const loginPage = (
    req: Request,
    res: Response,
    values: { retour: string; error?: string | null; username?: string; ended?: boolean; shared?: boolean },
  ) =>
    res.render('accounts/login', {
      title: req.t('accounts.login.title'),
      error: null,
      username: '',
      ended: false,
      sharedMinutes: sharedComputerMinutes(req),
      ...values,
    });

  r.get('/connexion', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    // After a session ended (idle time, a password changed elsewhere): say so, and drop its cookie.
    const ended = req.query.fin === '1' || sessionEnded(req);
    clearSessionCookie(req, res);
    loginPage(req, res, { retour: safeReturnPath(req.query.retour), ended });
  });

  const showLogin = (req: Request, res: Response) =>
    loginPage(req, res, { retour: safeReturnPath((req.body as Record<string, unknown>)?.retour) });

  r.post('/connexion', (req, res, next) => {
    const retour = safeReturnPath((req.body as Record<string, unknown>)?.retour);
    let form: z.infer<typeof loginForm>;
    try {
      form = parseForm(loginForm, req.body);
    } catch (err) {
      if (!(err instanceof BadInput)) return next(err);
      // One plain sentence for both fields, as after a wrong password.
      return showRefusedForm(req, res, new BadInput('accounts.login.missing'), showLogin).catch(next);
    }
    type Info = { message?: string; retryAfterMs?: number };
    passport.authenticate('local', (err: unknown, user: SessionUser | false, info?: Info) => {
      if (err) return next(err);
      if (!user) {
        const throttled = info?.message === 'throttled';
        const wait = retryAfterSeconds(info?.retryAfterMs ?? 0);
        if (throttled) res.setHeader('Retry-After', String(wait));
        res.status(throttled ? 429 : 401);
        return loginPage(req, res, {
          retour,
          error: throttled ? tryAgainIn(req, wait) : req.t('accounts.login.failed'),
          username: form.username,
          shared: form.partage,
        });
      }
      logIn(req, res, next, user, retour, form.partage);
    })(req, res, next);
  });

  // Larger text: a button at the foot of every page, back to the same page.
  r.post('/affichage', requireUser, async (req, res) => {
    const form = parseForm(displayForm, req.body);
    await setLargeText(req.user!.id, form.taille === 'grand');
    res.redirect(303, safeReturnPath(form.retour));
  });

  // The session ends, and the browser forgets its cookies: the next person starts afresh.
  r.post('/deconnexion', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => {
        clearSessionCookie(req, res);
        forgetVisitorLanguage(req, res);
        renewCsrfToken(req);
        res.redirect(303, '/');
      });
    });
  });

  return r;
}
