import type { RequestHandler } from 'express';
import { csrfToken } from './security.js';

/**
 * Plain values for every view: the translator, the language, the user, a CSRF
 * token for forms, and the current path (for the language switch links).
 */
export function viewLocals(appName: string): RequestHandler {
  return (req, res, next) => {
    res.locals.t = req.t;
    res.locals.lang = req.language?.startsWith('en') ? 'en' : 'fr';
    res.locals.user = req.user ?? null;
    res.locals.appName = appName;
    res.locals.path = req.path;
    // A function, so that only pages with a form create a session for a visitor.
    res.locals.csrf = () => csrfToken(req);
    next();
  };
}
