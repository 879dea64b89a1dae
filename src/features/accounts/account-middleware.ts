/** What every request of a signed-in person goes through: their language, a temporary password. */
import type { NextFunction, Request, Response } from 'express';
import { setLocale } from './accounts.service.js';

/**
 * The language links are plain GETs (?lng=en): the detector keeps the choice in a
 * cookie; a logged-in user's choice is also kept in their account.
 */
export async function rememberLanguage(req: Request, _res: Response, next: NextFunction) {
  const lng = req.query.lng;
  if (req.user && (lng === 'fr' || lng === 'en') && req.user.locale !== lng) await setLocale(req.user, lng);
  next();
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
  res.redirect(303, '/mot-de-passe');
}
