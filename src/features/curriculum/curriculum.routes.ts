import { Router } from 'express';
import { z } from 'zod';
import { requireRole, requireUser } from '../../platform/auth-guards.js';
import { NotFound } from '../../platform/errors.js';
import { ID_PATTERN } from '../workshops/index.js';
import { CRCN_AREA_IDS, PIM_DOMAIN_IDS, skillsPage, workbook } from './curriculum.service.js';

const moduleId = z.string().regex(ID_PATTERN);
const areaQuery = z.enum(CRCN_AREA_IDS);
const pimQuery = z.enum(PIM_DOMAIN_IDS);

/** The printable workbooks (every logged-in user) and the skills list (leaders and coordinators). */
export function curriculumRouter(): Router {
  const r = Router();

  r.get('/ateliers/:module/imprimer', requireUser, (req, res) => {
    const id = moduleId.safeParse(req.params.module);
    if (!id.success) throw new NotFound('curriculum.errors.moduleNotFound');
    // The answer key is for the leader's copy only.
    const staff = req.user!.role !== 'resident';
    const withAnswers = staff && req.query.corrige === '1';
    const book = workbook(id.data, {
      withAnswers,
      trueFalse: { true: req.t('exercises.trueFalse.true'), false: req.t('exercises.trueFalse.false') },
    });
    res.render('curriculum/workbook', {
      title: req.t('curriculum.workbook.title', { module: book.module.title }),
      staff,
      withAnswers,
      ...book,
    });
  });

  r.get('/competences', requireRole('leader', 'coordinator'), (req, res) => {
    // A plain GET form: an empty or unknown value shows every area.
    const area = areaQuery.safeParse(req.query.domaine);
    const pim = pimQuery.safeParse(req.query.pim);
    const page = skillsPage(area.success ? area.data : null, undefined, pim.success ? pim.data : null);
    res.render('curriculum/skills', { title: req.t('curriculum.skills.title'), ...page });
  });

  return r;
}
