import type { RequestHandler } from 'express';
import type { Role } from './session-user.js';
import { Forbidden } from './errors.js';
import { sessionEnded } from './session-state.js';

/** The login page after a session ended, back to `retour` once logged in again. */
export const endedSessionLogin = (retour: string) => `/connexion?fin=1&retour=${encodeURIComponent(retour)}`;

/**
 * Sends visitors to the login page, keeping where they wanted to go; one whose session has
 * just ended (idle time, a password changed elsewhere) is told so there.
 */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  const params = new URLSearchParams();
  if (sessionEnded(req)) params.set('fin', '1');
  if (req.method === 'GET') params.set('retour', req.originalUrl);
  const query = params.toString();
  res.redirect(303, `/connexion${query ? `?${query}` : ''}`);
};

export const requireRole =
  (...roles: Role[]): RequestHandler =>
  (req, res, next) => {
    if (!req.user) return requireUser(req, res, next);
    if (!roles.includes(req.user.role)) return next(new Forbidden());
    next();
  };

/** Only local paths: `//evil.example` or `/\evil` would leave the site. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Long enough for an exercise's answer kept across a login (workshops.routes.ts).
  return value.slice(0, 1000);
}
