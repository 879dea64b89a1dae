/**
 * The signed credentials: the download next to the PDF, what the app publishes for any
 * verifier (the issuer's profile with its public key, the status list), and the check of
 * a pasted or uploaded credential on /verifier.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { BadInput, TooManyRequests } from '../../platform/errors.js';
import { idParam, optionalText, parseForm, showsFormAgain } from '../../platform/forms.js';
import { limitPerAddress } from '../../platform/rate-limits.js';
import { verifyCsrfAfterUpload } from '../../platform/security.js';
import { ISSUER_PATH, STATUS_LIST_PATH } from './credential-document.js';
import { certificateCredential, checkCredential, publishedIssuerProfile, signedStatusList } from './credential.service.js';

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

export interface CredentialsRouterOptions {
  verifyLimit?: number;
  verifyWindowSeconds?: number;
}

export function credentialsRouter(opts: CredentialsRouterOptions = {}): Router {
  const r = Router();

  // ----- published for any verifier -----
  r.get(ISSUER_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('application/json').send(JSON.stringify(publishedIssuerProfile(), null, 2));
  });

  r.get(STATUS_LIST_PATH, async (_req, res) => {
    // Short: a revocation must be seen soon by verifiers that cache it.
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/vc+jwt').send(await signedStatusList(new Date()));
  });

  // ----- the download: the same people as the PDF -----
  r.get('/certificats/:id.json', requireRole('resident', 'leader', 'coordinator'), async (req, res) => {
    const { filename, json } = await certificateCredential(req.user!, idParam(req.params.id), new Date());
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(json);
  });

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
