/**
 * The idle warning of a login session (platform/session-times.ts): the server decides when
 * a session ends, the pages say when.
 * - GET /session: the warning page (what a page without JavaScript opens a minute before
 *   the end); reading it is not activity, so it never keeps the session by itself.
 * - POST /session/prolonger: "Rester connecté", one click; back to the page (a form), or
 *   the new end as JSON (the in-page notice, which keeps what was typed on the page).
 * - GET /session/etat: the end as JSON, for the notice's script; not activity either.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { endedSessionLogin, safeReturnPath } from '../../platform/auth-guards.js';
import { parseForm } from '../../platform/forms.js';
import { keepSessionAlive, notActivityRequest, sessionEndOf } from '../../platform/session-state.js';
import { returnPath } from './login.routes.js';

const keepForm = z.object({ retour: returnPath });

/** What the notice's script needs: how long until the warning and the end, from now. */
function status(req: Request) {
  const now = Date.now();
  const end = req.user ? sessionEndOf(req, now) : null;
  if (!end) return { active: false as const };
  return { active: true as const, endsInMs: end.endsAt.getTime() - now, warnInMs: end.warnAt.getTime() - now };
}

export function loginSessionRouter(): Router {
  const r = Router();

  r.get('/session', (req, res) => {
    const retour = safeReturnPath(req.query.retour);
    if (!req.user) return res.redirect(303, endedSessionLogin(retour));
    notActivityRequest(req);
    // This page's own refresh (without JavaScript) comes at the end, not at the warning.
    res.locals.idleRefresh = 'end';
    res.locals.idleRetour = retour;
    // The page is the warning: no notice over it (its script still leaves at the end).
    res.locals.noSessionNotice = true;
    res.render('accounts/session', { title: req.t('accounts.session.title'), retour });
  });

  r.post('/session/prolonger', (req, res) => {
    const form = parseForm(keepForm, req.body);
    const retour = safeReturnPath(form.retour);
    const json = req.accepts(['html', 'json']) === 'json';
    if (!req.user) return json ? res.status(401).json(status(req)) : res.redirect(303, endedSessionLogin(retour));
    keepSessionAlive(req);
    if (json) return res.json(status(req));
    res.redirect(303, retour);
  });

  r.get('/session/etat', (req, res) => {
    notActivityRequest(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(status(req));
  });

  return r;
}
