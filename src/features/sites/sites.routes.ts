/** Coordinators manage the multimedia spaces (sites): a list and a form to add one. */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { parseForm, text } from '../../platform/forms.js';
import { findOrCreateSite, listSites } from './site.service.js';

const siteForm = z.object({
  name: text(120),
  neighbourhood: z
    .string()
    .trim()
    .max(120, 'errors.fieldTooLong')
    .optional()
    .transform((s) => s ?? ''),
  address: z
    .string()
    .trim()
    .max(200, 'errors.fieldTooLong')
    .optional()
    .transform((s) => s ?? ''),
});

export function sitesRouter(): Router {
  const r = Router();
  const coordinator = requireRole('coordinator');

  r.get('/espaces', coordinator, async (req, res) => {
    res.render('sites/list', { title: req.t('sites.title'), sites: await listSites(), created: req.query.ok === 'cree' });
  });

  r.post('/espaces', coordinator, async (req, res) => {
    const form = parseForm(siteForm, req.body, 'sites.fields');
    await findOrCreateSite(form);
    res.redirect(303, '/espaces?ok=cree');
  });

  return r;
}
