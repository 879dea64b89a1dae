/** Public open data: every published place, in the national schema of places (no personal data). */
import { Router } from 'express';
import { publishedPlaces, publishedPlacesCsv } from './site.service.js';

export function placesRouter(): Router {
  const r = Router();
  r.get('/lieux.json', async (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').json(await publishedPlaces());
  });
  r.get('/lieux.csv', async (_req, res) => {
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="lieux-de-mediation-numerique.csv"',
        'Access-Control-Allow-Origin': '*',
      })
      .send(await publishedPlacesCsv());
  });
  return r;
}
