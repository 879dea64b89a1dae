import type { RequestHandler } from 'express';
import type { Role } from './session-user.js';
import { Forbidden } from './errors.js';

/** Sends visitors to the login page, keeping where they wanted to go. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  const back = req.method === 'GET' ? `?retour=${encodeURIComponent(req.originalUrl)}` : '';
  res.redirect(303, `/connexion${back}`);
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
  return value.slice(0, 500);
}
