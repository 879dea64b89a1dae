import { csrfSync } from 'csrf-sync';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Strict CSP: our own files only, no inline script or style, no third party. */
export function securityHeaders(opts: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: opts.https,
    referrerPolicy: { policy: 'same-origin' },
  });
}

/**
 * Paths whose multipart posts check the token themselves, after multer has read the
 * body (the global check runs before multer and would see no `_csrf`). Only the
 * paths a feature declares here are skipped, so a multipart post to any other route
 * is still refused.
 */
const multipartPaths: RegExp[] = [];
export function checksCsrfAfterUpload(path: RegExp): void {
  // createApp may run more than once in a process (tests): declare each path once.
  if (!multipartPaths.some((p) => p.source === path.source)) multipartPaths.push(path);
}

/**
 * Synchroniser-token CSRF: the token lives in the session, every form posts it as
 * `_csrf`. Multipart routes check it after multer, on the route itself.
 */
const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const token = body?._csrf ?? req.headers['x-csrf-token'];
    return typeof token === 'string' ? token : undefined;
  },
  skipCsrfProtection: (req) => Boolean(req.is('multipart/form-data')) && multipartPaths.some((p) => p.test(req.path)),
});

export const csrfProtection: RequestHandler = csrf.csrfSynchronisedProtection;
/** The explicit check for multipart routes: put it right after multer on the route. */
export const verifyCsrfAfterUpload: RequestHandler = (req, _res, next) =>
  next(csrf.isRequestValid(req) ? undefined : csrf.invalidCsrfTokenError);
export const csrfToken = csrf.generateToken;
export const isCsrfError = (err: unknown) => err === csrf.invalidCsrfTokenError;
