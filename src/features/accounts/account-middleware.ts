/** What every request of a signed-in person goes through: a temporary password. */
import type { NextFunction, Request, Response } from 'express';

/**
 * Until a temporary password is changed, the change form and logout are all there is:
 * any other request, whatever its method, is refused and leads to the form (a POST that
 * passed would act with a password someone else knows). A session opened with a
 * workshop's short code is not held back: the resident typed no password.
 */
export function mustChangePasswordGate(req: Request, res: Response, next: NextFunction) {
  // A session opened with a workshop's short code used no password, temporary or not.
  if (!req.user?.mustChangePassword || req.session?.byCode) return next();
  if (req.path === '/mot-de-passe' && (req.method === 'GET' || req.method === 'POST')) return next();
  if (req.path === '/deconnexion' && req.method === 'POST') return next();
  // The idle warning and its "Rester connecté" work on the password page too.
  if (req.path === '/session' || req.path.startsWith('/session/')) return next();
  res.redirect(303, '/mot-de-passe');
}
