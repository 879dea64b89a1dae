import path from 'node:path';
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import { endedSessionLogin, requireUser } from '../../platform/auth-guards.js';
import { NotFound } from '../../platform/errors.js';
import { idParam, parseForm, showsFormAgain, typedValues } from '../../platform/forms.js';
import { isCsrfError } from '../../platform/security.js';
import { SELF_LEVELS } from '../progress/index.js';
import { imageFileFromUrl } from './content.paths.js';
import { ID_PATTERN } from './content.schema.js';
import {
  answerResult,
  cataloguePage,
  lessonPage,
  modulePage,
  moduleReview,
  openExercise,
  progressPage,
  selfAssess,
  submitAnswer,
} from './workshops.service.js';

const EXERCISE_PATH = /^\/ateliers\/([^/]+)\/exercices\/([^/]+)$/;
/** The fields of an answer (never the token or the one-time id): what a login keeps. */
const ANSWER_FIELD = /^(answer|position-\d{1,2}|match-[A-Za-z0-9-]{1,60})$/;

function answerFields(body: unknown): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(typedValues(body)).filter(([k]) => ANSWER_FIELD.test(k)));
}

/**
 * An answer sent after the session ended (idle time on a shared computer) fails the
 * form check: instead of "the form has expired", the login page, then the exercise again
 * with the answer filled in (carried in the address, never stored), to check it again.
 */
export const answerAfterSessionEnded: ErrorRequestHandler = (err, req, res, next) => {
  if (req.method !== 'POST' || req.user || !EXERCISE_PATH.test(req.path) || !isCsrfError(err)) return next(err);
  const query = queryOf(answerFields(req.body));
  query.set('reprise', '1');
  res.redirect(303, endedSessionLogin(`${req.path}?${query.toString()}`));
};

function queryOf(fields: Record<string, string | string[]>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) query.append(k, one);
  return query;
}

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

  // The end of a module: what was learnt, what to review, what comes next.
  r.get('/ateliers/:module/bilan', async (req, res) => {
    const page = await moduleReview(req.user!, param(req.params.module));
    res.render('workshops/review', { title: req.t('workshops.review.title', { module: page.module.title }), ...page });
  });

  r.get('/ateliers/:module/lecons/:lesson', async (req, res) => {
    const page = await lessonPage(req.user!, param(req.params.module), param(req.params.lesson), new Date());
    res.render('workshops/lesson', { title: page.lesson.title, ...page });
  });

  const showExercise = async (req: Request, res: Response) => {
    const view = await openExercise(req.user!, param(req.params.module), param(req.params.exercise), new Date(), {
      visit: req.method === 'GET',
    });
    // Back after logging in again: the answer typed before, to check again.
    const resumed = req.method === 'GET' && req.query.reprise === '1';
    if (resumed) res.locals.form = { problems: [], values: answerFields(req.query) };
    res.render('workshops/exercise', { title: view.exercise.question.text, resumed, ...view });
  };
  r.get('/ateliers/:module/exercices/:exercise', showExercise);

  // Saved, then a result page of its own (303): Back shows the exercise, Refresh the result.
  // An empty or incomplete answer shows the exercise again (422) with what was chosen.
  r.post(
    '/ateliers/:module/exercices/:exercise',
    showsFormAgain(showExercise, async (req, res) => {
      const moduleId = param(req.params.module);
      const exerciseId = param(req.params.exercise);
      const outcome = await submitAnswer(req.user!, moduleId, exerciseId, req.body ?? {}, new Date());
      // The answer travels in the result's address, not in the session: FerretDB 1.24
      // loses a session write racing the activity update of another request.
      const query = queryOf(answerFields(req.body));
      if (!outcome.counted && req.user!.role === 'resident') query.set('deja', '1');
      res.redirect(303, `/ateliers/${moduleId}/exercices/${exerciseId}/resultat?${query.toString()}`);
    }),
  );

  // Scored again from the answer in the address: nothing is saved here.
  r.get('/ateliers/:module/exercices/:exercise/resultat', (req, res) => {
    const moduleId = param(req.params.module);
    const exerciseId = param(req.params.exercise);
    const view = answerResult(moduleId, exerciseId, answerFields(req.query), req.query.deja !== '1');
    // No answer to show (an address typed without one): the exercise itself.
    if (!view) return res.redirect(303, `/ateliers/${moduleId}/exercices/${exerciseId}`);
    res.render('workshops/feedback', { title: req.t('workshops.feedback.title'), ...view });
  });

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
