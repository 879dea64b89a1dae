import { Router } from 'express';
import { databaseState, pingDatabase } from '../../platform/db.js';
import { embeddedEngineState } from '../../platform/embedded-engine.js';
import { viewFormat, viewLang } from '../../platform/view-format.js';
import { leaderDay } from './leader-day.service.js';
import { homeFigures } from '../statistics/index.js';

export function homeRouter(): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    // A leader's home is the day's work; a coordinator's, the year's key figures.
    const day = req.user?.role === 'leader' ? await leaderDay(req.user, new Date()) : null;
    const figures = req.user ? await homeFigures(req.user, new Date()) : null;
    res.render('home/index', {
      title: req.t('home.title'),
      day,
      figures,
      fmt: viewFormat(viewLang(res.locals)),
    });
  });
  // For machines (load balancer, monitoring): the database state, no personal data.
  r.get('/healthz', async (_req, res) => {
    const ok = await pingDatabase();
    const database = ok ? 'connected' : embeddedEngineState() === 'restarting' ? 'restarting' : databaseState();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database });
  });
  return r;
}
