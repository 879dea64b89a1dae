/**
 * The pages of a whole record that are the person's rights: their own record (a
 * resident, read-only), the export of a record, its erasure.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { getIdentity } from '../residents/index.js';
import { requireRole } from '../../platform/auth-guards.js';
import { parseForm, showsFormAgain } from '../../platform/forms.js';
import { viewFormat, viewLang } from '../../platform/view-format.js';
import { eraseResident, exportResident } from './privacy.service.js';
import { getOwnRecord } from './record.service.js';

const id = (req: Request) => String(req.params.id);
const eraseForm = z.object({ confirm: z.literal('oui', { error: 'residents.errors.confirmErase' }) });

export function recordRouter(): Router {
  const r = Router();
  const leader = requireRole('leader');

  r.get('/mon-dossier', requireRole('resident'), async (req, res) => {
    const record = await getOwnRecord(req.user!);
    res.render('residents/mine', {
      title: req.t('residents.mine.title'),
      record,
      fmt: viewFormat(viewLang(res.locals)),
      readOnly: true,
    });
  });

  r.get('/residents/:id/export.json', leader, async (req, res) => {
    const data = await exportResident(req.user!, id(req), new Date());
    res.set({ 'Content-Disposition': `attachment; filename="dossier-${id(req)}.json"`, 'Cache-Control': 'private, no-store' });
    res.type('application/json').send(JSON.stringify(data, null, 2));
  });

  r.get('/residents/:id/export', leader, async (req, res) => {
    const data = await exportResident(req.user!, id(req), new Date());
    res.set('Cache-Control', 'private, no-store');
    res.render('residents/export', {
      title: req.t('residents.export.title'),
      data,
      fmt: viewFormat(viewLang(res.locals)),
    });
  });

  const showErase = async (req: Request, res: Response) => {
    const current = await getIdentity(req.user!, id(req));
    res.render('residents/erase', { title: req.t('residents.erase.title'), current });
  };
  r.get('/residents/:id/effacer', leader, showErase);

  r.post(
    '/residents/:id/effacer',
    leader,
    showsFormAgain(showErase, async (req, res) => {
      parseForm(eraseForm, req.body, 'residents.fields');
      await eraseResident(req.user!, id(req), new Date());
      res.redirect(303, '/residents?ok=efface');
    }),
  );

  return r;
}
