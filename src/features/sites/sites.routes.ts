/**
 * Coordinators manage the multimedia spaces (sites): a list, a form to add one, and
 * each site's organisation (printed on its certificates) with its logo.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { BadInput, NotFound } from '../../platform/errors.js';
import { idParam, optionalText, parseForm, showsFormAgain, text } from '../../platform/forms.js';
import { verifyCsrfAfterUpload } from '../../platform/security.js';
import { LOGO_MAX_BYTES, ORGANISATION_LIMITS as L } from './site-limits.js';
import {
  findOrCreateSite,
  getSiteDetail,
  listSites,
  logoBySha256,
  removeSiteLogo,
  setSiteLogo,
  updateBuildings,
  updateOrganisation,
  updatePlace,
} from './site.service.js';
import { BUILDING_LABEL_MAX, BUILDINGS_MAX, buildingsText } from './building-rules.js';
import { isOpeningHours, isSiret } from './place-schema.js';

/** One building per line: building-rules.ts checks each line (site.service.ts). */
const buildingsForm = z.object({ buildings: optionalText((BUILDING_LABEL_MAX + 2) * BUILDINGS_MAX, { lines: true }) });

const siteForm = z.object({ name: text(120), neighbourhood: optionalText(120), address: optionalText(200) });

/** A web address people can type: http(s), no spaces; empty is fine. */
const website = optionalText(L.website).refine(
  (s) => s === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s),
  'sites.errors.website',
);

const organisationForm = z.object({
  legalName: optionalText(L.legalName),
  address: optionalText(L.address),
  phone: optionalText(L.phone).refine((s) => /^[0-9+ .()-]*$/.test(s), 'sites.errors.phone'),
  website,
  signatoryName: optionalText(L.signatoryName),
  signatoryRole: optionalText(L.signatoryRole),
});

/** The place's form: what the national schema of places requires, checked as France writes it. */
const placeForm = z.object({
  placeAddress: text(200),
  postalCode: z
    .string({ error: 'errors.fieldMissing' })
    .trim()
    .regex(/^\d{5}$/, 'sites.errors.postalCode'),
  commune: text(120),
  inseeCode: optionalText(5).refine((s) => s === '' || /^([013-9]\d|2[AB1-9])\d{3}$/.test(s), 'sites.errors.inseeCode'),
  siret: optionalText(20)
    .transform((s) => s.replace(/\s/g, ''))
    .refine((s) => s === '' || isSiret(s), 'sites.errors.siret'),
  openingHours: optionalText(200).refine((s) => s === '' || isOpeningHours(s), 'sites.errors.openingHours'),
});

/** The logo form takes a file: createApp declares it a multipart path. */
export const SITE_LOGO_PATH = /^\/espaces\/[a-f0-9]{24}\/logo$/;

/** multer in memory, one small file, run inside the handler so its refusals show the form again. */
function receiveLogo(req: Request, res: Response): Promise<void> {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 3, fieldSize: 1000, parts: 4, fieldNameSize: 40 },
  }).single('logo');
  return new Promise((resolve, reject) =>
    upload(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError)
        return reject(
          err.code === 'LIMIT_FILE_SIZE'
            ? new BadInput('sites.errors.logoTooBig', { max: LOGO_MAX_BYTES / 1024 })
            : new BadInput(),
        );
      reject(err as Error);
    }),
  );
}
const csrfAfterUpload = (req: Request, res: Response) =>
  new Promise<void>((resolve, reject) =>
    (verifyCsrfAfterUpload as RequestHandler)(req, res, (err?: unknown) => (err ? reject(err as Error) : resolve())),
  );

/** The site's buildings, one per line: the residents' forms offer them. */
const saveBuildings = (showSite: (req: Request, res: Response) => unknown, siteOf: (req: Request) => Promise<{ id: string }>) =>
  showsFormAgain(showSite, async (req, res) => {
    const site = await siteOf(req);
    await updateBuildings(site.id, parseForm(buildingsForm, req.body, 'sites.fields').buildings);
    res.redirect(303, `/espaces/${site.id}?ok=batiments`);
  });

export function sitesRouter(): Router {
  const r = Router();
  const coordinator = requireRole('coordinator');

  const showSites = async (req: Request, res: Response) =>
    res.render('sites/list', { title: req.t('sites.title'), sites: await listSites(), created: req.query.ok === 'cree' });
  r.get('/espaces', coordinator, showSites);

  r.post(
    '/espaces',
    coordinator,
    showsFormAgain(showSites, async (req, res) => {
      const form = parseForm(siteForm, req.body, 'sites.fields');
      await findOrCreateSite(form);
      res.redirect(303, '/espaces?ok=cree');
    }),
  );

  const siteOf = async (req: Request) => {
    const site = await getSiteDetail(idParam(req.params.id));
    if (!site) throw new NotFound();
    return site;
  };
  const showSite = async (req: Request, res: Response) => {
    const site = await siteOf(req);
    res.render('sites/edit', {
      title: site.name,
      site,
      limits: L,
      buildings: buildingsText(site.buildings),
      maxLogoKb: LOGO_MAX_BYTES / 1024,
      ok: z.enum(['enregistre', 'lieu', 'batiments', 'logo', 'sans-logo']).optional().catch(undefined).parse(req.query.ok),
    });
  };
  r.get('/espaces/:id', coordinator, showSite);

  r.post(
    '/espaces/:id',
    coordinator,
    showsFormAgain(showSite, async (req, res) => {
      const site = await siteOf(req);
      await updateOrganisation(site.id, parseForm(organisationForm, req.body, 'sites.fields'));
      res.redirect(303, `/espaces/${site.id}?ok=enregistre`);
    }),
  );

  r.post(
    '/espaces/:id/lieu',
    coordinator,
    showsFormAgain(showSite, async (req, res) => {
      const site = await siteOf(req);
      const { placeAddress, ...place } = parseForm(placeForm, req.body, 'sites.fields');
      await updatePlace(site.id, { address: placeAddress, ...place });
      res.redirect(303, `/espaces/${site.id}?ok=lieu`);
    }),
  );

  r.post('/espaces/:id/batiments', coordinator, saveBuildings(showSite, siteOf));

  r.post(
    '/espaces/:id/logo',
    coordinator,
    showsFormAgain(showSite, async (req, res) => {
      const site = await siteOf(req);
      await receiveLogo(req, res);
      await csrfAfterUpload(req, res);
      if (!req.file) throw new BadInput('sites.errors.logoMissing');
      await setSiteLogo(site.id, req.file.buffer);
      res.redirect(303, `/espaces/${site.id}?ok=logo`);
    }),
  );

  r.post('/espaces/:id/logo/retrait', coordinator, async (req, res) => {
    const site = await siteOf(req);
    await removeSiteLogo(site.id);
    res.redirect(303, `/espaces/${site.id}?ok=sans-logo`);
  });

  r.get('/espaces/:id/logo', coordinator, async (req, res) => {
    const site = await siteOf(req);
    const logo = site.logoSha256 ? await logoBySha256(site.logoSha256) : null;
    if (!logo) throw new NotFound();
    res.set('Content-Type', logo.contentType).set('Cache-Control', 'private, no-cache').send(logo.data);
  });

  return r;
}
