import type { RequestHandler } from 'express';
import { freshForm } from './forms.js';
import { formatDate } from './day.js';

/**
 * Plain values for every view: the translator, the language, the date formatter
 * (`formatDate`, platform/day.ts), the user, and the
 * current path (for the language switch links). The CSRF token for forms, `csrf()`,
 * comes from csrfProtection (security.ts).
 */
export function viewLocals(appName: string): RequestHandler {
  return (req, res, next) => {
    res.locals.t = req.t;
    const lang = req.language?.startsWith('en') ? 'en' : 'fr';
    res.locals.lang = lang;
    res.locals.formatDate = (d: Date | string | null | undefined) => formatDate(d, lang);
    res.locals.user = req.user ?? null;
    res.locals.appName = appName;
    res.locals.path = req.path;
    // A form shown for the first time; showsFormAgain (forms.ts) replaces it after a refusal.
    res.locals.form = freshForm();
    next();
  };
}
