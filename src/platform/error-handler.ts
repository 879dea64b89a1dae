import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { i18n, TFunction } from 'i18next';
import { ZodError } from 'zod';
import { AppError, NotFound } from './errors.js';
import { isDatabaseUnavailable } from './db.js';
import { isCsrfError } from './security.js';
import type { Logger } from './logger.js';

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound());

interface Outcome {
  status: number;
  key: string;
  params?: Record<string, string | number>;
}

/** What an error means for the reader: a status and a message key. Pure, so it cannot fail. */
export function classifyError(err: unknown): Outcome | undefined {
  if (err instanceof AppError) return { status: err.status, key: err.key, params: err.params };
  if (isCsrfError(err)) return { status: 403, key: 'errors.csrf' };
  if (err instanceof ZodError) return { status: 400, key: 'errors.badInput' };
  if (isDatabaseUnavailable(err)) return { status: 503, key: 'errors.unavailable' };
  const e = (err ?? {}) as {
    type?: unknown;
    code?: unknown;
    name?: unknown;
    status?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  // body-parser
  switch (e.type) {
    case 'entity.too.large':
      return { status: 413, key: 'errors.tooLarge' };
    case 'parameters.too.many':
      return { status: 413, key: 'errors.tooManyFields' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, key: 'errors.unsupportedType' };
  }
  // multer (its limits) and busboy (a malformed multipart body)
  if (e.name === 'MulterError') {
    const tooMuch = ['LIMIT_FILE_SIZE', 'LIMIT_FILE_COUNT', 'LIMIT_PART_COUNT', 'LIMIT_FIELD_COUNT', 'LIMIT_FIELD_VALUE'];
    return tooMuch.includes(String(e.code)) ? { status: 413, key: 'errors.tooLarge' } : { status: 400, key: 'errors.badInput' };
  }
  if (
    typeof e.message === 'string' &&
    /^(Unexpected end of form|Malformed part header|Multipart: Boundary not found)/.test(e.message)
  )
    return { status: 400, key: 'errors.badInput' };
  // Any other client error that a library marked with its status (bad URL encoding, aborted body…)
  const status = Number(e.status ?? e.statusCode);
  if (status >= 400 && status < 500)
    return { status: status === 413 ? 413 : 400, key: status === 413 ? 'errors.tooLarge' : 'errors.badInput' };
  return undefined;
}

const TITLED = new Set([400, 403, 404, 413, 415, 422, 429, 500, 503]);

/**
 * The one place where errors become pages. The page renders from the status and the
 * language alone (no session, user or database needed), carries a short reference that
 * is also in the log, and never shows a stack trace or a path.
 */
export function errorHandler(logger: Logger, i18n: i18n): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = classifyError(err);
    const { status, key, params = {} } = known ?? { status: 500, key: 'errors.server' };
    const ref = randomBytes(4).toString('hex').toUpperCase();
    if (!known) logger.error({ err, ref, url: req.originalUrl }, 'unhandled error');
    else if (status >= 500)
      logger.warn(
        { ref, status, key, url: req.originalUrl, err: { name: err?.name, message: err?.message } },
        'service unavailable',
      );
    else if (status !== 404) logger.info({ ref, status, key, url: req.originalUrl }, 'request refused');
    if (res.headersSent) return res.end();

    const lang = languageOf(req);
    const t: TFunction = i18n.getFixedT(lang);
    // A dotted name is a feature's own label key (see parseForm), a plain one a platform label.
    const name = String(params.field ?? '');
    const field = name ? t(name.includes('.') ? name : `fields.${name}`, { defaultValue: name }) : '';
    const title = t(`errors.title.${TITLED.has(status) ? status : 'default'}`);
    const message = t(key, { ...params, field });
    res.status(status);
    res.setHeader('Cache-Control', 'no-store');
    if (status === 503) res.setHeader('Retry-After', '5');
    if (req.accepts(['html', 'json']) === 'json') return res.json({ error: key, ref });
    res.render(
      'errors/error',
      {
        lang,
        title,
        message,
        status,
        ref,
        refLabel: t('errors.reference', { ref }),
        homeLabel: t('errors.backHome'),
        brand: t('layout.brand'),
      },
      (renderErr, html) => {
        if (renderErr) {
          logger.error({ err: renderErr, ref }, 'error page failed to render');
          res.type('html').send(plainPage(lang, title, message, ref));
        } else res.send(html);
      },
    );
  };
}

function languageOf(req: Parameters<RequestHandler>[0]): 'fr' | 'en' {
  if (typeof req.language === 'string') return req.language.startsWith('en') ? 'en' : 'fr';
  return /(?:^|;\s*)lang=en\b/.test(req.headers.cookie ?? '') ? 'en' : 'fr';
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The last resort when even the template fails: no include, no asset, no translation call. */
function plainPage(lang: string, title: string, message: string, ref: string): string {
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p>Réf. ${ref}</p><p><a href="/">Accueil</a></p></html>`;
}
