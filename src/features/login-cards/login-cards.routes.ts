/** Printable login cards (PDF), for leaders: one resident's, or a workshop's on shared sheets. */
import { Router, type Response } from 'express';
import { requireRole } from '../../platform/auth-guards.js';
import { renderLoginCards } from './login-card-pdf.js';
import { residentCard, sessionCards, type CardSettings } from './login-cards.service.js';

function sendPdf(res: Response, pdf: Buffer, filename: string) {
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${filename}"`,
    // A one-time code is in it: never kept by a cache.
    'Cache-Control': 'private, no-store',
  });
  res.send(pdf);
}

export function loginCardsRouter(settings: CardSettings): Router {
  const r = Router();
  const leader = requireRole('leader');
  r.get('/residents/:id/carte-de-connexion.pdf', leader, async (req, res) => {
    const { cards, place } = await residentCard(req.user!, String(req.params.id), new Date(), settings);
    sendPdf(res, await renderLoginCards(cards, place), 'carte-de-connexion.pdf');
  });
  r.get('/seances/:id/cartes-de-connexion.pdf', leader, async (req, res) => {
    const { cards, place } = await sessionCards(req.user!, String(req.params.id), new Date(), settings);
    sendPdf(res, await renderLoginCards(cards, place), 'cartes-de-connexion.pdf');
  });
  return r;
}
