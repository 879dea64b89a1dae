import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';

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
 * body (the global check runs before multer and would see no `_csrf`). createApp
 * declares them; only those are skipped, so a multipart post to any other route is still
 * refused.
 */
export type MultipartPaths = readonly RegExp[];

/** True for a path that takes files (a multipart post). */
export const takesFiles = (paths: MultipartPaths) => (path: string) => paths.some((p) => p.test(path));

const CSRF_ERROR_CODE = 'EBADCSRFTOKEN';
export const isCsrfError = (err: unknown) => (err as { code?: unknown } | null)?.code === CSRF_ERROR_CODE;

/** Each request's token check and token renewal (one app may differ from another in tests). */
const requestChecks = new WeakMap<Request, () => boolean>();
const requestRenewals = new WeakMap<Request, () => string>();

/**
 * After login or logout, what a token is bound to has changed: this response carries
 * a new token cookie at once, so every form opened from now on shares it.
 */
export function renewCsrfToken(req: Request): void {
  requestRenewals.get(req)?.();
}

/** The explicit check for multipart routes: put it right after multer on the route. */
export const verifyCsrfAfterUpload: RequestHandler = (req, _res, next) =>
  next(requestChecks.get(req)?.() ? undefined : Object.assign(new Error('invalid csrf token'), { code: CSRF_ERROR_CODE }));

/** The named cookies of the request (csrf-csrf reads `req.cookies`); the others are left alone. */
export function readCookies(req: Request, names: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq < 0 || !names.includes(name) || name in found) continue;
    try {
      found[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is treated as absent.
    }
  }
  return found;
}

/**
 * CSRF without a stored session: a signed double-submit cookie (csrf-csrf). The token
 * is an HMAC over a random value and who the request is from, posted as `_csrf` and
 * also kept in an httpOnly cookie; the two must match and the HMAC must hold.
 * "Who" is the session id once logged in, and before that a random visitor id in a
 * signed cookie of its own, so that the login and certificate-check pages need no
 * session. A token issued before login is bound to the visitor id: it is refused once
 * logged in, and pages then issue a new one bound to the new session id.
 * Views call `csrf()` (res.locals) for the token; one token per response.
 */
export function csrfProtection(
  config: Pick<Config, 'SESSION_SECRET' | 'BEHIND_HTTPS_PROXY'>,
  multipartPaths: MultipartPaths,
): RequestHandler {
  const https = config.BEHIND_HTTPS_PROXY;
  // Keys of their own, derived from the one secret.
  const csrfSecret = createHmac('sha256', config.SESSION_SECRET).update('csrf token').digest('hex');
  const visitorKey = createHmac('sha256', config.SESSION_SECRET).update('visitor cookie').digest();
  // __Host- cookies must be Secure: only behind HTTPS.
  const tokenCookie = https ? '__Host-krn.csrf' : 'krn.csrf';
  const visitorCookie = https ? '__Host-krn.visitor' : 'krn.visitor';
  // Lax like the session cookie: a cross-site POST carries neither, and a link followed
  // from a message does not replace the token that other open tabs use.
  const cookieOptions = { sameSite: 'lax', path: '/', secure: https, httpOnly: true } as const;

  const sign = (id: string) => createHmac('sha256', visitorKey).update(id).digest('base64url');
  const visitors = new WeakMap<Request, string>();
  const tokens = new WeakMap<Request, string>();

  function visitorOf(req: Request): string | undefined {
    const known = visitors.get(req);
    if (known) return known;
    const value = (req.cookies as Record<string, string>)[visitorCookie] ?? '';
    const dot = value.lastIndexOf('.');
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(sign(id));
    if (dot <= 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    visitors.set(req, id);
    return id;
  }

  const csrf = doubleCsrf({
    getSecret: () => csrfSecret,
    getSessionIdentifier: (req) => {
      if (req.user) return `session:${req.sessionID}`;
      // No valid visitor cookie: an identifier that no token was ever issued for.
      return `visitor:${visitorOf(req) ?? randomBytes(16).toString('hex')}`;
    },
    cookieName: tokenCookie,
    cookieOptions,
    // From the form only: no header, so that a JSON body cannot pass as a checked form.
    getCsrfTokenFromRequest: (req) => {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof token === 'string' ? token : undefined;
    },
    errorConfig: { code: CSRF_ERROR_CODE },
    skipCsrfProtection: (req) => Boolean(req.is('multipart/form-data')) && multipartPaths.some((p) => p.test(req.path)),
  });

  function token(req: Request, res: Response): string {
    let t = tokens.get(req);
    if (t) return t;
    if (!req.user && !visitorOf(req)) {
      const id = randomBytes(18).toString('base64url');
      res.cookie(visitorCookie, `${id}.${sign(id)}`, cookieOptions);
      visitors.set(req, id);
    }
    // Reuses the token of the cookie while it is valid for this visitor or session.
    t = csrf.generateCsrfToken(req, res);
    tokens.set(req, t);
    return t;
  }

  return (req, res, next) => {
    req.cookies = readCookies(req, [tokenCookie, visitorCookie]);
    res.locals.csrf = () => token(req, res);
    requestChecks.set(req, () => csrf.validateRequest(req));
    requestRenewals.set(req, () => {
      tokens.delete(req);
      return token(req, res);
    });
    csrf.doubleCsrfProtection(req, res, next);
  };
}
