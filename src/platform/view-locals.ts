import type { RequestHandler } from 'express';
import { formatDay } from './dates.js';
import { freshForm } from './forms.js';

/**
 * Plain values for every view: the translator, the language, `dateText(d)`, the user, and the
 * current path (for the language switch links). The CSRF token for forms, `csrf()`,
 * comes from csrfProtection (security.ts).
 */
export function viewLocals(appName: string): RequestHandler {
  return (req, res, next) => {
    res.locals.t = req.t;
    const lang = req.language?.startsWith('en') ? 'en' : 'fr';
    res.locals.lang = lang;
    // Every date on a page: "30 novembre 2026", the day in Brest (dates.ts).
    res.locals.dateText = (d: Date | string | null | undefined) => formatDay(d, lang);
    res.locals.user = req.user ?? null;
    res.locals.appName = appName;
    res.locals.path = req.path;
    // A form shown for the first time; showsFormAgain (forms.ts) replaces it after a refusal.
    res.locals.form = freshForm();
    next();
  };
}
