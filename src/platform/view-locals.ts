import type { Request, RequestHandler, Response } from 'express';
import { freshForm } from './forms.js';
import { rememberingT } from './i18n.js';
import { formatDate, formatDateTime, formatMonth, formatTime } from './day.js';
import { sessionEndOf } from './session-state.js';
import { frenchTypography } from './typography.js';

/**
 * Plain values for every view: the translator, the language, the date formatter
 * (`formatDate`, platform/day.ts), the user, the
 * current path (for the language switch links), and when the user's session ends
 * (`sessionEnd()`, read when the page is drawn). The CSRF token for forms, `csrf()`,
 * comes from csrfProtection (security.ts).
 */
export function viewLocals(appName: string): RequestHandler {
  return (req, res, next) => {
    res.locals.t = rememberingT(req);
    const lang = req.language?.startsWith('en') ? 'en' : 'fr';
    res.locals.lang = lang;
    res.locals.formatDate = (d: Date | string | null | undefined) => formatDate(d, lang);
    res.locals.formatDateTime = (d: Date | string | null | undefined) => formatDateTime(d, lang);
    res.locals.formatTime = (d: Date) => formatTime(d, lang);
    res.locals.formatMonth = (m: string) => formatMonth(m, lang);
    // A plain text of the content (an option, a link) in French typography, as its html is.
    res.locals.typo = (text: string) => (lang === 'fr' ? frenchTypography(text) : text);
    res.locals.user = req.user ?? null;
    res.locals.appName = appName;
    res.locals.path = req.path;
    res.locals.languageUrl = (lng: 'fr' | 'en') => languageUrl(req, lng);
    // A form shown for the first time; showsFormAgain (forms.ts) replaces it after a refusal.
    res.locals.form = freshForm();
    res.locals.sessionEnd = () => sessionView(req);
    if (req.user) withIdleRefresh(req, res);
    next();
  };
}

/**
 * The same page in the other language: its path and its query (`/statistiques?periode=2026`
 * keeps the period), `lng` replaced. After a refused form, the page's own address.
 */
export function languageUrl(req: Request, lng: 'fr' | 'en'): string {
  const query = new URLSearchParams(req.method === 'GET' ? (req.originalUrl.split('?')[1] ?? '') : '');
  query.set('lng', lng);
  return `${req.baseUrl}${req.path}?${query.toString()}`;
}

/** The session's end as a page shows it, with the delays from now (ms). */
function sessionView(req: Request) {
  const now = Date.now();
  const end = sessionEndOf(req, now);
  if (!end) return null;
  return { ...end, endsInMs: end.endsAt.getTime() - now, warnInMs: end.warnAt.getTime() - now };
}

/** Where head.ejs leaves room for the refresh of a page without JavaScript. */
export const IDLE_REFRESH_MARK = '<!--idle-refresh-->';

/** A field someone may be filling in: anything but hidden fields and buttons. */
const FILLABLE = /<(textarea|select)\b|<input\b(?![^>]*\btype="(hidden|submit|button|reset|image)")/i;

/**
 * A route may set `res.locals.idleRefresh = 'end'` (refresh at the end, not at the warning)
 * and `res.locals.idleRetour` (the page the warning page goes back to): /session does.
 * Without JavaScript, a page cannot show a notice by itself: it opens the warning page
 * (/session) a minute before the session ends, through a refresh that only a browser
 * without scripts follows (`<noscript>` in the head). A page with a field being filled in
 * is not left before the end, so that nothing typed is thrown away: it says when the
 * session ends, and goes to the warning page once the session is over (nobody can send
 * it then, and the next person at the computer must not see it).
 */
function withIdleRefresh(req: Request, res: Response): void {
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object | ((err: Error, html: string) => void), callback?: unknown) => {
    if (typeof options === 'function' || callback) return render(view, options as object, callback as () => void);
    render(view, options ?? {}, (err: Error | null, html: string) => {
      if (err) return req.next?.(err);
      res.send(html.includes(IDLE_REFRESH_MARK) ? html.replace(IDLE_REFRESH_MARK, idleRefresh(req, res, html)) : html);
    });
  }) as Response['render'];
}

function idleRefresh(req: Request, res: Response, html: string): string {
  const view = sessionView(req);
  if (!view) return '';
  const atEnd = res.locals.idleRefresh === 'end' || FILLABLE.test(html) || view.warnInMs < 1000;
  // Past the end by a little, so that the server finds the session over.
  const seconds = Math.max(1, Math.ceil((atEnd ? view.endsInMs + 2000 : view.warnInMs) / 1000));
  const here = req.method === 'GET' ? req.originalUrl : '/';
  const retour = typeof res.locals.idleRetour === 'string' ? res.locals.idleRetour : here;
  const url = `/session?retour=${encodeURIComponent(retour)}`;
  return `<noscript><meta http-equiv="refresh" content="${seconds}; url=${url}"></noscript>`;
}
