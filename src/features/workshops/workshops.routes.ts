import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireUser } from '../../platform/auth-guards.js';
import { NotFound } from '../../platform/errors.js';
import { idParam, parseForm, showsFormAgain } from '../../platform/forms.js';
import { SELF_LEVELS } from '../progress/index.js';
import { imageFileFromUrl } from './content.paths.js';
import { ID_PATTERN } from './content.schema.js';
import {
  cataloguePage,
  lessonPage,
  modulePage,
  openExercise,
  progressPage,
  selfAssess,
  submitAnswer,
} from './workshops.service.js';

const id = z.string().regex(ID_PATTERN);
const selfForm = z.object({
  skill: z.string({ error: 'errors.fieldMissing' }).regex(ID_PATTERN, 'workshops.errors.skillUnknown'),
  level: z.enum(SELF_LEVELS, { error: 'workshops.errors.levelMissing' }),
});

/** Path parameters are content ids: anything else cannot exist. */
function param(value: unknown): string {
  const parsed = id.safeParse(value);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

export function workshopsRouter(contentDir: string): Router {
  const r = Router();

  // Content images. Content SVGs are files we ship, but an SVG can hold script:
  // serve them sandboxed, as files, never as pages.
  r.get('/contenu/:module/images/:file', (req, res, next) => {
    const file = imageFileFromUrl(contentDir, req.path);
    if (!file) return next(new NotFound('workshops.errors.imageNotFound'));
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.sendFile(path.resolve(file), { maxAge: '1d', dotfiles: 'deny' }, (err) => {
      if (err) next(new NotFound('workshops.errors.imageNotFound'));
    });
  });

  r.use(['/ateliers', '/ma-progression', '/progression'], requireUser);

  r.get('/ateliers', async (req, res) => {
    const page = await cataloguePage(req.user!);
    res.render('workshops/catalogue', { title: req.t('workshops.catalogue.title'), ...page });
  });

  const showModule = async (req: Request, res: Response) => {
    const page = await modulePage(req.user!, param(req.params.module));
    res.render('workshops/module', { title: page.module.title, ...page });
  };
  r.get('/ateliers/:module', showModule);

  r.post(
    '/ateliers/:module/auto-evaluation',
    showsFormAgain(showModule, async (req, res) => {
      const moduleId = param(req.params.module);
      const form = parseForm(selfForm, req.body);
      await selfAssess(req.user!, moduleId, form.skill, form.level, new Date());
      res.redirect(303, `/ateliers/${moduleId}?enregistre=${form.skill}#competence-${form.skill}`);
    }),
  );

  r.get('/ateliers/:module/lecons/:lesson', async (req, res) => {
    const page = await lessonPage(req.user!, param(req.params.module), param(req.params.lesson), new Date());
    res.render('workshops/lesson', { title: page.lesson.title, ...page });
  });

  const showExercise = async (req: Request, res: Response) => {
    const view = await openExercise(req.user!, param(req.params.module), param(req.params.exercise), new Date(), {
      visit: req.method === 'GET',
    });
    res.render('workshops/exercise', { title: view.exercise.question.text, ...view });
  };
  r.get('/ateliers/:module/exercices/:exercise', showExercise);

  // An incomplete answer shows the exercise again with what was chosen, and a message.
  r.post(
    '/ateliers/:module/exercices/:exercise',
    showsFormAgain(showExercise, async (req, res) => {
      const view = await submitAnswer(
        req.user!,
        param(req.params.module),
        param(req.params.exercise),
        req.body ?? {},
        new Date(),
      );
      res.render('workshops/feedback', { title: req.t('workshops.feedback.title'), ...view });
    }),
  );

  r.get('/ma-progression', async (req, res) => {
    const page = await progressPage(req.user!, req.user!.id);
    res.render('workshops/progress', { title: req.t('workshops.progress.title'), ...page });
  });

  r.get('/progression/:userId', async (req, res) => {
    const page = await progressPage(req.user!, idParam(req.params.userId));
    res.render('workshops/progress', { title: req.t('workshops.progress.titleOf', { name: page.learner.displayName }), ...page });
  });

  return r;
}
