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
 * Synchroniser-token CSRF: the token lives in the session, every form posts it as
 * `_csrf`. Multipart routes check it after multer, on the route itself.
 */
const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const token = body?._csrf ?? req.headers['x-csrf-token'];
    return typeof token === 'string' ? token : undefined;
  },
});

export const csrfProtection: RequestHandler = csrf.csrfSynchronisedProtection;
export const csrfToken = csrf.generateToken;
export const isCsrfError = (err: unknown) => err === csrf.invalidCsrfTokenError;
