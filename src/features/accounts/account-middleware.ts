/** What every request of a signed-in person goes through: a temporary password. */
import type { NextFunction, Request, Response } from 'express';

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
