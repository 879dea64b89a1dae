import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { NotFound, TooManyRequests } from '../../platform/errors.js';
import { limitPerAddress } from '../../platform/rate-limits.js';
import { idParam, parseForm, showsFormAgain, text } from '../../platform/forms.js';
import { monthInBrest } from '../../platform/day.js';
import { monthField, monthNav, pageField, pageHref, parseListQuery } from '../../platform/paging.js';
import { maskCode, normalizeCode } from './certificate-code.js';
import { LIMITS } from './certificate.types.js';
import { myCertificatesPage } from './certificate-queries.js';
import {
  certificateDetail,
  certificatePdf,
  findCertificateByCode,
  staffCertificatesPage,
  printAllPdf,
  printList,
  verifyCertificate,
} from './certificate-read.service.js';
import { reissueCertificate, revokeCertificate } from './certificate-revoke.service.js';

const reasonForm = z.object({ reason: text(LIMITS.reason) });
const isCertificateCode = (s: string) => normalizeCode(s) !== null;
const objectId = /^[a-f0-9]{24}$/;
/** A print list: certificate ids, comma-separated (the issuing's redirect writes it). */
const printQuery = z.object({
  ids: z
    .string({ error: 'errors.badInput' })
    .max(25 * 40)
    .transform((s) => s.split(','))
    .refine((ids) => ids.every((id) => objectId.test(id)), 'errors.badInput'),
  seance: z.string().regex(objectId, 'errors.badInput').optional(),
});
const codeQuery = z.object({ code: z.string().max(40).optional() });
/** The holder's last name, as an employer types it to confirm it. */
const nameForm = z.object({ nom: text(80) });
const listQuery = z.object({
  code: z.string().max(40).optional(),
  /** A name or a code. */
  q: z.string().max(80).optional(),
  /** The month shown, "YYYY-MM" (this month by default). */
  mois: monthField,
  page: pageField,
  espace: z
    .string({ error: 'errors.badInput' })
    .regex(/^[a-f0-9]{24}$/, 'errors.badInput')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/**
 * Request logs must never hold a whole certificate code: pino-http's request
 * serializer passes through this (URL and referer).
 */
export function maskVerificationCodes<T extends { url?: string; headers?: Record<string, unknown> }>(req: T): T {
  const mask = (s: string) => s.replace(/(\/verifier\/)([^?#/]+)/gi, (_m, p: string, code: string) => p + maskCode(code));
  const headers =
    req.headers && typeof req.headers.referer === 'string' ? { ...req.headers, referer: mask(req.headers.referer) } : req.headers;
  return { ...req, url: req.url ? mask(req.url) : req.url, headers };
}

export interface CertificatesRouterOptions {
  /** Checks per address and window on /verifier/<code>. */
  verifyLimit?: number;
  verifyWindowSeconds?: number;
}

/** The public check of a code, and the holder's name confirmed: anyone, rate-limited. */
function publicCheckRoutes(r: Router, opts: CertificatesRouterOptions): void {
  // ----- public verification -----
  // Counted in the database, so the limit holds across app instances.
  const limiter = limitPerAddress(
    { prefix: 'verify', points: opts.verifyLimit ?? 60, duration: opts.verifyWindowSeconds ?? 15 * 60 },
    // The logger masks certificate codes in every line, so the error handler may log the URL.
    (_req: Request, _res: Response, next: NextFunction) => next(new TooManyRequests('certificates.verify.tooMany')),
  );

  r.get('/verifier', (req, res) => {
    const { code } = codeQuery.parse(req.query);
    // The form is a GET with ?code=…: send the reader to the page of that code.
    if (code?.trim()) return res.redirect(303, `/verifier/${encodeURIComponent(code.trim().slice(0, 40))}`);
    res.render('certificates/verify-form', { title: req.t('certificates.verify.title'), code: '' });
  });

  const showCheck = async (req: Request, res: Response, typedName?: string) => {
    const raw = String(req.params.code).slice(0, 40);
    const check = await verifyCertificate(raw, maskCode(raw), new Date(), typedName);
    req.log?.info({ verification: { code: check.masked, result: check.result } }, 'certificate check');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    if (res.statusCode === 200) res.status(check.result === 'valid' || check.result === 'revoked' ? 200 : 404);
    res.render('certificates/verify-result', { title: req.t('certificates.verify.resultTitle'), check });
  };
  r.get('/verifier/:code', limiter, (req, res) => showCheck(req, res));

  // The employer confirms the holder's last name: yes or no, never the name. Counted with
  // the code checks (one limit), so that names cannot be tried faster than codes.
  r.post(
    '/verifier/:code/nom',
    limiter,
    showsFormAgain(showCheck, async (req, res) => {
      const form = parseForm(nameForm, req.body, 'certificates.fields');
      await showCheck(req, res, form.nom);
    }),
  );
}

/** The end of an issuing: the new certificates, and one PDF of all to print. */
function printRoutes(r: Router): void {
  r.get('/certificats/impression', requireRole('leader', 'coordinator'), async (req, res) => {
    const { ids, seance } = parseListQuery(printQuery, req.query);
    const certificates = await printList(req.user!, ids);
    res.render('certificates/print-list', {
      title: req.t('certificates.print.title', { count: certificates.length }),
      certificates,
      allUrl: `/certificats/impression.pdf?ids=${ids.join(',')}`,
      sessionUrl: seance ? `/validation/seances/${seance}` : null,
    });
  });
  r.get('/certificats/impression.pdf', requireRole('leader', 'coordinator'), async (req, res) => {
    const { ids } = parseListQuery(printQuery, req.query);
    const pdf = await printAllPdf(req.user!, ids, new Date());
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'inline; filename="attestations.pdf"');
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(pdf);
  });
}

export function certificatesRouter(opts: CertificatesRouterOptions = {}): Router {
  const r = Router();
  publicCheckRoutes(r, opts);

  // ----- the resident's own certificates -----
  r.get('/mes-certificats', requireRole('resident'), async (req, res) => {
    const page = await myCertificatesPage(req.user!, new Date());
    res.render('certificates/mine', { title: req.t('certificates.mine.title'), ...page });
  });

  printRoutes(r);

  // ----- PDF: owner resident, or a leader of the certificate's site -----
  r.get('/certificats/:id.pdf', requireRole('resident', 'leader', 'coordinator'), async (req, res) => {
    const { filename, pdf } = await certificatePdf(req.user!, idParam(req.params.id), new Date());
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Length', String(pdf.length));
    res.end(pdf);
  });

  // ----- staff -----
  r.get('/certificats', requireRole('leader', 'coordinator'), async (req, res) => {
    const { code, q, page, espace, mois } = parseListQuery(listQuery, req.query);
    if (code?.trim()) return res.redirect(303, `/certificats/${await findCertificateByCode(req.user!, code)}`);
    const typed = q?.trim() ?? '';
    // A code goes to its certificate; anything else (or a code of none) is a name.
    if (typed && isCertificateCode(typed)) {
      const id = await findCertificateByCode(req.user!, typed).catch((err: unknown) => {
        if (err instanceof NotFound) return null;
        throw err;
      });
      if (id) return res.redirect(303, `/certificats/${id}`);
    }
    const thisMonth = monthInBrest(new Date());
    const month = mois ?? thisMonth;
    const list = await staffCertificatesPage(req.user!, { typed, month, page, siteId: espace });
    const href = (n: number) => pageHref('/certificats', { espace, mois }, n);
    res.render('certificates/staff-list', {
      title: req.t('certificates.staff.title'),
      certificates: list.rows,
      sites: list.sites,
      espace: espace ?? '',
      q: typed,
      found: list.found,
      // No certificate is issued in the future: no month after this one.
      months: monthNav('/certificats', { espace }, month, thisMonth),
      pager: { ...list, previousHref: href(list.page - 1), nextHref: href(list.page + 1) },
    });
  });

  const showDetail = async (req: Request, res: Response) => {
    const certificate = await certificateDetail(req.user!, idParam(req.params.id));
    res.render('certificates/detail', {
      title: req.t('certificates.detail.title', { code: certificate.code }),
      certificate,
      done: req.method === 'GET' && typeof req.query.fait === 'string' ? req.query.fait : '',
      // Which of the page's two forms was refused.
      refused: req.method === 'POST' ? (req.path.endsWith('/revocation') ? 'revoke' : 'reissue') : null,
    });
  };
  r.get('/certificats/:id', requireRole('leader', 'coordinator'), showDetail);

  r.post(
    '/certificats/:id/revocation',
    requireRole('leader', 'coordinator'),
    showsFormAgain(showDetail, async (req, res) => {
      const id = idParam(req.params.id);
      const form = parseForm(reasonForm, req.body, 'certificates.fields');
      await revokeCertificate(req.user!, id, form.reason, new Date());
      res.redirect(303, `/certificats/${id}?fait=revoque`);
    }),
  );

  r.post(
    '/certificats/:id/reemission',
    requireRole('leader', 'coordinator'),
    showsFormAgain(showDetail, async (req, res) => {
      const form = parseForm(reasonForm, req.body, 'certificates.fields');
      const newId = await reissueCertificate(req.user!, idParam(req.params.id), form.reason, new Date());
      res.redirect(303, `/certificats/${newId}?fait=reemis`);
    }),
  );

  return r;
}
