/**
 * The signed credentials: the downloads next to the PDF (`.jwt` and `.json`), what the
 * app publishes for any verifier (the issuer's profile with every key, each key at its
 * `kid`, a JWKS, the status list), and the check of a pasted or uploaded credential on
 * /verifier. Only the published documents may be read from other sites' pages.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { BadInput, TooManyRequests } from '../../platform/errors.js';
import { idParam, optionalText, parseForm, showsFormAgain } from '../../platform/forms.js';
import { limitPerAddress } from '../../platform/rate-limits.js';
import { verifyCsrfAfterUpload } from '../../platform/security.js';
import { checkCredential } from './credential-check.service.js';
import { ISSUER_PATH, KEYS_PATH, STATUS_LIST_PATH } from './credential-document.js';
import {
  certificateCredential,
  publishedIssuerProfile,
  publishedJwks,
  publishedKey,
  signedStatusList,
  type CredentialFormat,
} from './credential.service.js';

/** A credential is a few kilobytes: 64 KB is ample, and bounds what a visitor can send. */
const MAX_CREDENTIAL = 64 * 1024;
/** The check page takes an uploaded file: createApp declares it a multipart path. */
export const CREDENTIAL_UPLOAD_PATH = /^\/verifier$/;

const credentialForm = z.object({ credential: optionalText(MAX_CREDENTIAL, { lines: true }) });

/** multer in memory, one small file; its refusals are the form's. */
function receiveCredentialFile(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_CREDENTIAL, files: 1, fields: 3, fieldSize: MAX_CREDENTIAL, parts: 4, fieldNameSize: 40 },
  }).single('fichier');
  return (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError) return next(new BadInput('certificates.credential.fileRefused'));
      next(err);
    });
}

/** A JWK thumbprint (SHA-256, base64url): the last part of a key's URL. */
const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/**
 * For the published documents alone: any site's page may read them (a verifier running
 * in a browser), nothing else of the app.
 */
function readableFromAnySite(res: Response, maxAge: number): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Cache-Control', `public, max-age=${maxAge}`);
}

const sendJson = (res: Response, type: string, body: unknown) => res.type(type).send(JSON.stringify(body, null, 2));

/** Published for any verifier: the issuer profile, its keys, the status list. */
function publishedRoutes(r: Router): void {
  r.get(ISSUER_PATH, async (_req, res) => {
    readableFromAnySite(res, 3600);
    sendJson(res, 'application/json', await publishedIssuerProfile(new Date()));
  });

  r.get(KEYS_PATH, async (_req, res) => {
    readableFromAnySite(res, 3600);
    sendJson(res, 'application/jwk-set+json', await publishedJwks(new Date()));
  });

  r.get(`${KEYS_PATH}/:thumbprint`, async (req, res) => {
    const thumbprint = String(req.params.thumbprint);
    const key = THUMBPRINT.test(thumbprint) ? await publishedKey(thumbprint, new Date()) : null;
    readableFromAnySite(res, 3600);
    if (!key) return void res.status(404).type('application/json').send('{"erreur":"clé inconnue / unknown key"}');
    sendJson(res, 'application/json', key);
  });

  r.get(STATUS_LIST_PATH, async (req, res) => {
    // Short: a revocation must be seen soon by verifiers that cache it.
    readableFromAnySite(res, 300);
    res.setHeader('Vary', 'Accept');
    // JSON-LD verifiers (the `.json` form) ask for JSON; the others get the VC-JWT.
    const wanted = req.accepts(['application/vc+jwt', 'application/ld+json', 'application/vc+ld+json', 'application/json']);
    const format: CredentialFormat = wanted && wanted !== 'application/vc+jwt' ? 'json' : 'jwt';
    const body = await signedStatusList(new Date(), format);
    res.type(format === 'jwt' ? 'application/vc+jwt' : 'application/json').send(body);
  });
}

export interface CredentialsRouterOptions {
  verifyLimit?: number;
  verifyWindowSeconds?: number;
}

export function credentialsRouter(opts: CredentialsRouterOptions = {}): Router {
  const r = Router();

  publishedRoutes(r);

  // ----- the downloads: the same people as the PDF -----
  const download = (format: CredentialFormat, type: string) => async (req: Request, res: Response) => {
    const { filename, body } = await certificateCredential(req.user!, idParam(req.params.id), format, new Date());
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(body);
  };
  const signedIn = requireRole('resident', 'leader', 'coordinator');
  r.get('/certificats/:id.jwt', signedIn, download('jwt', 'application/vc+jwt'));
  r.get('/certificats/:id.json', signedIn, download('json', 'application/json; charset=utf-8'));

  // ----- the check of a credential, pasted or uploaded -----
  const limiter = limitPerAddress(
    { prefix: 'verify', points: opts.verifyLimit ?? 60, duration: opts.verifyWindowSeconds ?? 15 * 60 },
    (_req: Request, _res: Response, next: NextFunction) => next(new TooManyRequests('certificates.verify.tooMany')),
  );
  const showForm = (req: Request, res: Response) =>
    res.render('certificates/verify-form', { title: req.t('certificates.verify.title'), code: '' });

  r.post(
    '/verifier',
    limiter,
    receiveCredentialFile(),
    verifyCsrfAfterUpload,
    showsFormAgain(showForm, async (req, res) => {
      const form = parseForm(credentialForm, req.body, 'certificates.fields');
      const file = req.file?.buffer;
      if (file && !isUtf8(file)) throw new BadInput('certificates.credential.fileRefused');
      const text = file?.length ? file.toString('utf8') : (form.credential ?? '');
      if (!text.trim()) throw new BadInput('certificates.credential.nothing');
      const check = await checkCredential(text, new Date());
      req.log?.info({ verification: { credential: check.verdict } }, 'credential check');
      // Not a credential at all: the form again, with what to do.
      if (check.verdict === 'illisible') throw new BadInput('certificates.credential.illisible');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Robots-Tag', 'noindex');
      res.render('certificates/credential-result', { title: req.t('certificates.credential.resultTitle'), check });
    }),
  );

  return r;
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}
