import { Router, type Request, type Response, type NextFunction } from 'express';
import passport from 'passport';
import { z } from 'zod';
import { requireRole, requireUser, safeReturnPath } from '../../platform/auth-guards.js';
import { BadInput } from '../../platform/errors.js';
import { idParam, parseForm, password, showRefusedForm, showsFormAgain, text, typedOnOneLine } from '../../platform/forms.js';
import { forgetVisitorLanguage, visitorLanguage } from '../../platform/i18n.js';
import { renewCsrfToken } from '../../platform/security.js';
import {
  clearSessionCookie,
  idleSettingsOf,
  prepareLoginSession,
  prepareNewSessionId,
  sessionEnded,
} from '../../platform/session-state.js';
import { retryAfterSeconds } from '../../platform/rate-limits.js';
import { pageField, pageHref, parseListQuery } from '../../platform/paging.js';
import { listSites } from '../sites/index.js';
import {
  changePassword,
  coordinatorExists,
  createFirstCoordinator,
  createLeader,
  createResidentAccount,
  listManagedAccountsPage,
  resetManagedPassword,
  setAccountActive,
  setLargeText,
  setLocale,
  type SessionUser,
} from './accounts.service.js';
import { PASSWORD_MIN, USERNAME_PATTERN } from './account-rules.js';
import { loginSessionRouter } from './login-session.routes.js';

const username = text(40).toLowerCase().regex(USERNAME_PATTERN, 'accounts.errors.usernameFormat');

/** Where to go back to: a path of this site (checked again by safeReturnPath), nothing untypable. */
const returnPath = z.string().max(200).refine(typedOnOneLine, 'errors.badInput').optional();
/** A checkbox: absent means no, its one value ("oui") means yes. */
const checkbox = z
  .literal(['oui', ''], { error: 'errors.badInput' })
  .optional()
  .transform((v) => v === 'oui');
const loginForm = z.object({ username: text(40), password: password(), retour: returnPath, partage: checkbox });
const passwordForm = z
  .object({ current: password(), next: password(PASSWORD_MIN), confirm: password() })
  .refine((f) => f.next === f.confirm, { message: 'accounts.errors.confirmMismatch', path: ['confirm'] });
const setupForm = z
  .object({ displayName: text(80), username, next: password(PASSWORD_MIN), confirm: password() })
  .refine((f) => f.next === f.confirm, { message: 'accounts.errors.confirmMismatch', path: ['confirm'] });
const leaderForm = z.object({ displayName: text(80), username, siteId: z.string().regex(/^[a-f0-9]{24}$/, 'errors.badInput') });
const residentForm = z.object({ firstName: text(60), lastName: text(60) });
const doneFlag = z.enum(['desactive', 'reactive']).optional().catch(undefined);
const activationForm = z.object({ etat: z.enum(['actif', 'inactif'], { error: 'errors.badInput' }) });
const displayForm = z.object({ taille: z.enum(['grand', 'normal'], { error: 'errors.badInput' }), retour: returnPath });
const languageForm = z.object({ langue: z.enum(['fr', 'en'], { error: 'errors.badInput' }) });

/** "Trop d’essais. Réessayez dans 30 secondes." (or in N minutes, rounded up). */
function tryAgainIn(req: Request, seconds: number): string {
  return seconds < 60
    ? req.t('accounts.login.throttledSeconds', { count: seconds })
    : req.t('accounts.login.throttledMinutes', { count: Math.ceil(seconds / 60) });
}

/**
 * Logs a user in through Passport: req.login gives the session a new id; what the login
 * page knew (the shared-computer box, a language chosen before login) goes into it.
 */
function logIn(req: Request, res: Response, next: NextFunction, user: SessionUser, to: string, sharedComputer = false) {
  const lang = visitorLanguage(req);
  forgetVisitorLanguage(req, res);
  prepareLoginSession(req, user.role, sharedComputer);
  if (lang) req.session.lang = lang;
  else delete req.session.lang;
  req.login(user, { session: true, keepSessionInfo: true }, (err) => {
    if (err) return next(err);
    renewCsrfToken(req);
    res.redirect(303, user.mustChangePassword ? '/mot-de-passe' : to);
  });
}

/** The same login in a session with a new id (after a password change). */
function renewSessionId(req: Request, user: SessionUser): Promise<void> {
  prepareNewSessionId(req);
  return new Promise((resolve, reject) =>
    req.login(user, { session: true, keepSessionInfo: true }, (err) => (err ? reject(err) : resolve())),
  );
}

/** The minutes of the shared-computer idle time, for the login page's hint. */
const sharedComputerMinutes = (req: Request) => Math.max(1, Math.round(idleSettingsOf(req).sharedComputerIdleMs / 60_000));

export function accountsRouter(): Router {
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

  const showPassword = (req: Request, res: Response) =>
    res.render('accounts/password', { title: req.t('accounts.password.title'), done: false });
  r.get('/mot-de-passe', requireUser, showPassword);

  r.post(
    '/mot-de-passe',
    requireUser,
    showsFormAgain(showPassword, async (req, res) => {
      const form = parseForm(passwordForm, req.body);
      // Every other session of the account ends; this one goes on under a new id.
      await changePassword(req.user!, form.current, form.next, req.sessionID);
      await renewSessionId(req, { ...req.user!, mustChangePassword: false });
      renewCsrfToken(req);
      res.render('accounts/password', { title: req.t('accounts.password.title'), done: true });
    }),
  );

  // The account's own settings: the language of every session (the header's link changes only this one).
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
      delete req.session.lang;
      res.redirect(303, '/mon-compte?fait=1');
    }),
  );

  r.use(loginSessionRouter());

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

  const showAccounts = async (req: Request, res: Response) => {
    const { page } = parseListQuery(z.object({ page: pageField }), req.query);
    const list = await listManagedAccountsPage(req.user!, page);
    const sites = req.user!.role === 'coordinator' ? await listSites() : [];
    const href = (n: number) => pageHref('/comptes', {}, n);
    res.render('accounts/list', {
      title: req.t(`accounts.list.title.${req.user!.role}`),
      accounts: list.rows,
      sites,
      pager: { ...list, previousHref: href(list.page - 1), nextHref: href(list.page + 1) },
      done: req.method === 'GET' ? doneFlag.parse(req.query.fait) : undefined,
    });
  };
  r.get('/comptes', requireRole('coordinator', 'leader'), showAccounts);

  r.post(
    '/comptes',
    requireRole('coordinator', 'leader'),
    showsFormAgain(showAccounts, async (req, res) => {
      const actor = req.user!;
      const created =
        actor.role === 'coordinator'
          ? await createLeader(actor, parseForm(leaderForm, req.body))
          : await createResidentAccount(actor, parseForm(residentForm, req.body));
      res.status(201).render('accounts/temporary-password', {
        title: req.t('accounts.created.title'),
        account: created.user,
        password: created.password,
        reset: false,
      });
    }),
  );

  r.post('/comptes/:id/mot-de-passe', requireRole('leader', 'coordinator'), async (req, res) => {
    const reset = await resetManagedPassword(req.user!, idParam(req.params.id));
    res.render('accounts/temporary-password', {
      title: req.t('accounts.reset.title'),
      account: reset.user,
      password: reset.password,
      reset: true,
    });
  });

  // Deactivate or reactivate an account (a leader's residents, a coordinator's leaders).
  r.post(
    '/comptes/:id/activation',
    requireRole('leader', 'coordinator'),
    showsFormAgain(showAccounts, async (req, res) => {
      const form = parseForm(activationForm, req.body);
      await setAccountActive(req.user!, idParam(req.params.id), form.etat === 'actif');
      res.redirect(303, `/comptes?fait=${form.etat === 'actif' ? 'reactive' : 'desactive'}`);
    }),
  );

  return r;
}

/**
 * Until a temporary password is changed, the change form and logout are all there is:
 * any other request, whatever its method, is refused and leads to the form (a POST that
 * passed would act with a password someone else knows).
 */
export function mustChangePasswordGate(req: Request, res: Response, next: NextFunction) {
  if (!req.user?.mustChangePassword) return next();
  if (req.path === '/mot-de-passe' && (req.method === 'GET' || req.method === 'POST')) return next();
  if (req.path === '/deconnexion' && req.method === 'POST') return next();
  // The idle warning and its "Rester connecté" work on the password page too.
  if (req.path === '/session' || req.path.startsWith('/session/')) return next();
  res.redirect(303, '/mot-de-passe');
}
