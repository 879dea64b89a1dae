/**
 * The site's list of residents and the form to add one. Handlers parse (zod, at the
 * edge), call one service function, render. Roles are checked here by route and in the
 * services by object.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { parseForm, showsFormAgain, type FormState } from '../../platform/forms.js';
import { letterBar, letterPager, parseListQuery } from '../../platform/paging.js';
import { listResidents } from './resident-list.service.js';
import { buildingChoices, createResident } from './resident.service.js';
import { listQuery, newResidentForm } from './resident-forms.js';
import { READING_NEEDS } from './vocabulary.js';

const okParam = z.enum(['cree', 'modifie', 'notice', 'entree', 'pieces', 'doublon', 'efface']).optional().catch(undefined);

export function residentsRouter(): Router {
  const r = Router();
  const leader = requireRole('leader');

  r.get('/residents', leader, async (req, res) => {
    const query = parseListQuery(listQuery, req.query);
    const list = await listResidents(req.user!, query);
    const params = { q: query.q, filtre: query.filtre === 'tous' ? undefined : query.filtre };
    res.render('residents/list', {
      title: req.t('residents.list.title'),
      list,
      rows: list.rows,
      query,
      // At either end of a letter, the next or previous letter.
      pager: letterPager('/residents', params, list),
      letters: letterBar('/residents', params, list.letter),
      ok: okParam.parse(req.query.ok),
    });
  });

  const showNew = async (req: Request, res: Response) =>
    res.render('residents/new', {
      title: req.t('residents.new.title'),
      values: (res.locals.form as FormState).values,
      readingNeeds: READING_NEEDS,
      buildings: await buildingChoices(req.user!),
    });
  r.get('/residents/nouveau', leader, showNew);

  r.post(
    '/residents',
    leader,
    showsFormAgain(showNew, async (req, res) => {
      const form = parseForm(newResidentForm, req.body, 'residents.fields');
      const { building, entrance, flat, address, landlordRef, ...identity } = form;
      const created = await createResident(req.user!, {
        ...identity,
        dwelling: { building, entrance, flat, address, landlordRef },
      });
      res.redirect(303, `/residents/${created}?ok=cree`);
    }),
  );

  return r;
}
