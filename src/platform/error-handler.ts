import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFound } from './errors.js';
import { isCsrfError } from './security.js';
import type { Logger } from './logger.js';

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound());

/** The one place where errors become pages. No stack trace ever reaches a user. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let key = 'errors.server';
    let params: Record<string, string | number> = {};
    if (err instanceof AppError) {
      ({ status, key, params } = err);
    } else if (isCsrfError(err)) {
      status = 403;
      key = 'errors.csrf';
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      key = 'errors.tooLarge';
    } else if (err?.type === 'entity.parse.failed' || err?.status === 400) {
      status = 400;
      key = 'errors.badInput';
    } else {
      logger.error({ err, url: req.originalUrl }, 'unhandled error');
    }
    if (status < 500 && status !== 404) logger.info({ status, key, url: req.originalUrl }, 'request refused');
    if (res.headersSent) return res.end();
    const t = req.t ?? ((k: string) => k);
    // A dotted name is a feature's own label key (see parseForm), a plain one a platform label.
    const name = String(params.field ?? '');
    const field = name ? t(name.includes('.') ? name : `fields.${name}`, { defaultValue: name }) : '';
    res.status(status);
    if (req.accepts(['html', 'json']) === 'json') return res.json({ error: key });
    res.render('errors/error', {
      title: t(`errors.title.${status}`, { defaultValue: t('errors.title.default') }),
      status,
      message: t(key, { ...params, field }),
    });
  };
}
