/**
 * A leader validates one resident's skills: the residents of the site, then one
 * resident's page (one module at a time), its validations, withdrawals and certificates.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { idParam, parseForm, showsFormAgain } from '../../platform/forms.js';
import { letterBar, letterField, letterPager, pageField, parseListQuery } from '../../platform/paging.js';
import type { CertificatePort } from './certificate-port.js';
import { doneFlag, doneSkill, FIELDS, issueForm, skillUrl, validateForm, withdrawForm } from './validation-forms.js';
import {
  pageModuleId,
  residentSkillsPage,
  residentsToValidate,
  validateSkill,
  withdrawValidation,
} from './validation.service.js';

/** The residents' list: one letter of their names, and a page of it. */
const listQuery = z.object({ page: pageField, lettre: letterField });

export function validationRouter(certificates: CertificatePort): Router {
  const r = Router();
  const leader = requireRole('leader');

  r.get('/validation', leader, async (req, res) => {
    const query = parseListQuery(listQuery, req.query);
    const list = await residentsToValidate(req.user!, { page: query.page, letter: query.lettre });
    res.render('validation/residents', {
      title: req.t('validation.residents.title'),
      residents: list.rows,
      letter: list.letter,
      letterBar: { label: req.t('validation.residents.letters'), letters: letterBar('/validation', {}, list.letter) },
      pager: letterPager('/validation', {}, list),
    });
  });

  // GET: the module asked for in the address; a refused form: the module of its skill.
  const showResident = async (req: Request, res: Response) => {
    const get = req.method === 'GET';
    const moduleId = pageModuleId(get ? { module: req.query.module } : { skill: req.body?.skill, ref: req.body?.ref });
    // The certificate parts of the page come from the feature above (createApp).
    const page = await residentSkillsPage(req.user!, idParam(req.params.userId), new Date(), certificates, moduleId);
    res.render('validation/resident', {
      title: req.t('validation.resident.title', { name: page.resident.displayName }),
      ...page,
      done: get ? doneFlag(req.query.fait) : '',
      doneSkill: get ? doneSkill(req.query.competence) : '',
    });
  };
  r.get('/validation/residents/:userId', leader, showResident);

  r.post(
    '/validation/residents/:userId/competences',
    leader,
    showsFormAgain(showResident, async (req, res) => {
      const userId = idParam(req.params.userId);
      const form = parseForm(validateForm, req.body, FIELDS);
      const { moduleId } = await validateSkill(req.user!, userId, form.skill, form, new Date());
      res.redirect(303, skillUrl(userId, moduleId, form.skill, 'valide'));
    }),
  );

  r.post(
    '/validation/residents/:userId/retrait',
    leader,
    showsFormAgain(showResident, async (req, res) => {
      const userId = idParam(req.params.userId);
      const form = parseForm(withdrawForm, req.body, FIELDS);
      const { moduleId } = await withdrawValidation(req.user!, userId, form.skill, form.reason, new Date());
      res.redirect(303, skillUrl(userId, moduleId, form.skill, 'retire'));
    }),
  );

  r.post(
    '/validation/residents/:userId/certificats',
    leader,
    showsFormAgain(showResident, async (req, res) => {
      const userId = idParam(req.params.userId);
      const form = parseForm(issueForm, req.body, FIELDS);
      const { certificate } = await certificates.issue(req.user!, userId, form.ref, new Date());
      res.redirect(303, `/certificats/${certificate.id}?fait=delivre`);
    }),
  );

  return r;
}
