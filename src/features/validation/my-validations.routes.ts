/** A resident's own history of validations: who validated what, when, and what was withdrawn. */
import { Router } from 'express';
import { requireRole } from '../../platform/auth-guards.js';
import { myValidationHistory } from './validation.service.js';

export function myValidationsRouter(): Router {
  const r = Router();

  r.get('/mes-validations', requireRole('resident'), async (req, res) => {
    const history = await myValidationHistory(req.user!);
    res.render('validation/mine', { title: req.t('validation.mine.title'), history });
  });

  return r;
}
