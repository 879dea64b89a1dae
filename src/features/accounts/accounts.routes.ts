/**
 * The accounts a coordinator (leaders) or a leader (residents) manages: list, deactivate;
 * a coordinator creates leaders and resets their password (confirmed first). A resident's
 * account is created and reset from the resident's record only (features/residents), so
 * that no account is ever made without a record.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { idParam, parseForm, showsFormAgain, text } from '../../platform/forms.js';
import { letterBar, letterField, letterPager, pageField, parseListQuery } from '../../platform/paging.js';
import { listSites } from '../sites/index.js';
import { Forbidden } from '../../platform/errors.js';
import {
  createLeader,
  listManagedAccounts,
  managedAccountView,
  resetManagedPassword,
  setAccountActive,
} from './accounts.service.js';
import { username } from './account-forms.js';

const leaderForm = z.object({ displayName: text(80), username, siteId: z.string().regex(/^[a-f0-9]{24}$/, 'errors.badInput') });
/** The list's query string: a page, and for a leader one letter of the residents' accounts. */
const listQuery = z.object({ page: pageField, lettre: letterField });
/** A reset asks first: one click never resets. */
const resetForm = z.object({ confirm: z.literal('oui', { error: 'accounts.errors.confirmReset' }) });
const doneFlag = z.enum(['desactive', 'reactive']).optional().catch(undefined);
const activationForm = z.object({ etat: z.enum(['actif', 'inactif'], { error: 'errors.badInput' }) });

export function accountsRouter(): Router {
  const r = Router();

  const showAccounts = async (req: Request, res: Response) => {
    // After a refused form, the list's first letter.
    const query = req.method === 'GET' ? parseListQuery(listQuery, req.query) : { page: 1, lettre: undefined };
    const list = await listManagedAccounts(req.user!, { page: query.page, letter: query.lettre });
    const sites = req.user!.role === 'coordinator' ? await listSites() : [];
    res.render('accounts/list', {
      title: req.t(`accounts.list.title.${req.user!.role}`),
      accounts: list.rows,
      letter: list.letter,
      letterBar: list.letter ? { label: req.t('accounts.list.letters'), letters: letterBar('/comptes', {}, list.letter) } : null,
      sites,
      pager: letterPager('/comptes', {}, list),
      done: req.method === 'GET' ? doneFlag.parse(req.query.fait) : undefined,
    });
  };
  r.get('/comptes', requireRole('coordinator', 'leader'), showAccounts);

  r.post(
    '/comptes',
    requireRole('coordinator', 'leader'),
    showsFormAgain(showAccounts, async (req, res) => {
      const actor = req.user!;
      if (actor.role !== 'coordinator') throw new Forbidden('accounts.errors.fromRecord');
      const created = await createLeader(actor, parseForm(leaderForm, req.body));
      res.status(201).render('accounts/temporary-password', {
        title: req.t('accounts.created.title'),
        account: created.user,
        password: created.password,
        reset: false,
      });
    }),
  );

  const showReset = async (req: Request, res: Response) => {
    const target = await managedAccountView(req.user!, idParam(req.params.id));
    res.render('accounts/reset', { title: req.t('accounts.reset.title'), target });
  };
  r.get('/comptes/:id/mot-de-passe', requireRole('coordinator'), showReset);
  r.post(
    '/comptes/:id/mot-de-passe',
    requireRole('coordinator'),
    showsFormAgain(showReset, async (req, res) => {
      parseForm(resetForm, req.body);
      const reset = await resetManagedPassword(req.user!, idParam(req.params.id));
      res.render('accounts/temporary-password', {
        title: req.t('accounts.reset.title'),
        account: reset.user,
        password: reset.password,
        reset: true,
      });
    }),
  );

  // Deactivate or reactivate an account (a leader's residents, a coordinator's leaders).
  r.post(
    '/comptes/:id/activation',
    requireRole('leader', 'coordinator'),
    showsFormAgain(showAccounts, async (req, res) => {
      const form = parseForm(activationForm, req.body);
      await setAccountActive(req.user!, idParam(req.params.id), form.etat === 'actif');
      res.redirect(303, `/comptes?fait=${form.etat === 'actif' ? 'reactive' : 'desactive'}`);
    }),
  );

  return r;
}
