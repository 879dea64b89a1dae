/** Coordinators manage the multimedia spaces (sites): a list and a form to add one. */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { optionalText, parseForm, showsFormAgain, text } from '../../platform/forms.js';
import { findOrCreateSite, listSites } from './site.service.js';

const siteForm = z.object({ name: text(120), neighbourhood: optionalText(120), address: optionalText(200) });

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

  return r;
}
