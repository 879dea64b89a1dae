import { Router } from 'express';
import { backgroundJob } from '../../platform/background.js';
import { checkDatabase } from '../../platform/health.js';
import { viewFormat, viewLang } from '../../platform/view-format.js';
import { leaderDay } from './leader-day.service.js';
import { homeFigures } from '../statistics/index.js';
import { residentHome } from '../workshops/index.js';

export function homeRouter(opts: { healthTimeout: number }): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    // A leader's home is the day's work; a coordinator's, the year's key figures.
    const day = req.user?.role === 'leader' ? await leaderDay(req.user, new Date()) : null;
    const figures = req.user ? await homeFigures(req.user, new Date()) : null;
    // A resident's home: "Continuer" to the next step, and where they stand, in words.
    const learning = req.user?.role === 'resident' ? await residentHome(req.user) : null;
    res.render('home/index', {
      title: req.t('home.title'),
      day,
      figures,
      learning,
      fmt: viewFormat(viewLang(res.locals)),
    });
  });
  // For machines (load balancer, monitoring): the database state within a short limit,
  // why it is unavailable, and the background job running; no personal data.
  r.get('/healthz', async (_req, res) => {
    const health = await checkDatabase(opts.healthTimeout);
    const background = backgroundJob() ?? null;
    if (health.ok) return void res.json({ status: 'ok', database: 'connected', background });
    res.status(503).json({ status: 'unavailable', database: health.database, reason: health.reason, background });
  });
  return r;
}
