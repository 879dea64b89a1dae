import { expect } from 'chai';
import express, { Router } from 'express';
import { routeInventory } from '../../src/platform/route-inventory.js';

const ok: express.RequestHandler = (_req, res) => {
  res.end();
};

describe('route inventory (read from the app)', () => {
  it('lists every method and full path, through mounted routers, without the automatic HEAD or middleware', () => {
    const app = express();
    app.use((_req, _res, next) => next());
    const inner = Router();
    inner.get('/:id', ok);
    inner.post('/:id/pieces', ok);
    const feature = Router();
    feature.use(['/a', '/b'], (_req, _res, next) => next());
    feature.get('/residents', ok);
    feature.route('/certificats/:id.pdf').get(ok).post(ok);
    feature.use('/dossiers', inner);
    app.use(feature);
    app.use('/admin', Router().get('/', ok));
    app.head('/ping', ok);

    expect(routeInventory(app)).to.deep.equal([
      { method: 'GET', path: '/residents' },
      { method: 'GET', path: '/certificats/:id.pdf' },
      { method: 'POST', path: '/certificats/:id.pdf' },
      { method: 'GET', path: '/dossiers/:id' },
      { method: 'POST', path: '/dossiers/:id/pieces' },
      { method: 'GET', path: '/admin' },
      { method: 'HEAD', path: '/ping' },
    ]);
  });

  it('refuses a route whose path is a regular expression: it could not be named in the matrix', () => {
    const app = express();
    app.get(/^\/x+$/, ok);
    expect(() => routeInventory(app)).to.throw(/RegExp path/);
  });
});
