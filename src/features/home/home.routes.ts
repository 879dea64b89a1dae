import { Router } from 'express';
import { databaseState, pingDatabase } from '../../platform/db.js';
import { embeddedEngineState } from '../../platform/embedded-engine.js';

export function homeRouter(): Router {
  const r = Router();
  r.get('/', (req, res) => {
    res.render('home/index', { title: req.t('home.title') });
  });
  // For machines (load balancer, monitoring): the database state, no personal data.
  r.get('/healthz', async (_req, res) => {
    const ok = await pingDatabase();
    const database = ok ? 'connected' : embeddedEngineState() === 'restarting' ? 'restarting' : databaseState();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database });
  });
  return r;
}
