/** A record's identity and dwelling: one page with two forms. */
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../../platform/auth-guards.js';
import { parseForm, showsFormAgain, type FormState } from '../../platform/forms.js';
import { dwellingForm, identityForm } from './resident-forms.js';
import { getIdentity, updateDwelling, updateIdentity } from './resident.service.js';
import { READING_NEEDS } from './vocabulary.js';

const FIELDS = 'residents.fields';
const id = (req: Request) => String(req.params.id);

export function residentEditRouter(): Router {
  const r = Router();
  const leader = requireRole('leader');

  const showEdit = async (req: Request, res: Response) => {
    const current = await getIdentity(req.user!, id(req));
    res.render('residents/edit', {
      title: req.t('residents.edit.title'),
      current,
      values: (res.locals.form as FormState).values,
      readingNeeds: READING_NEEDS,
    });
  };
  r.get('/residents/:id/modifier', leader, showEdit);

  r.post(
    '/residents/:id/identite',
    leader,
    showsFormAgain(showEdit, async (req, res) => {
      await updateIdentity(req.user!, id(req), parseForm(identityForm, req.body, FIELDS));
      res.redirect(303, `/residents/${id(req)}?ok=modifie`);
    }),
  );

  r.post(
    '/residents/:id/logement',
    leader,
    showsFormAgain(showEdit, async (req, res) => {
      await updateDwelling(req.user!, id(req), parseForm(dwellingForm, req.body, FIELDS));
      res.redirect(303, `/residents/${id(req)}?ok=modifie`);
    }),
  );

  return r;
}
