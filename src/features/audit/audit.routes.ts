/**
 * The journal (audit trail) for coordinators: a month at a time in Brest time (this month
 * by default), or one subject's history, one person's or one action's. The actions it
 * offers are those each feature declares (createApp gathers them).
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import type { AuditAction } from '../../platform/audit.js';
import { addMonths, monthInBrest } from '../../platform/day.js';
import { pageField, pageHref, parseListQuery } from '../../platform/paging.js';
import { viewFormat, viewLang } from '../../platform/view-format.js';
import { auditTrail } from './audit.service.js';

/** The journal's query string: a subject, or a month (YYYY-MM), and a page. */
function journalQuery(actions: readonly string[]) {
  return z.object({
    sujet: z
      .string({ error: 'errors.badInput' })
      .regex(/^[a-z]+:[a-f0-9]{24}$/, 'errors.badInput')
      .optional(),
    mois: z
      .string({ error: 'errors.badInput' })
      .regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/, 'audit.errors.month')
      .optional(),
    /** One person's actions (their account id). */
    qui: z
      .string({ error: 'errors.badInput' })
      .regex(/^[a-f0-9]{24}$/, 'errors.badInput')
      .optional(),
    /** One kind of action; an empty choice means every action. */
    quoi: z
      .string({ error: 'errors.badInput' })
      .refine((a) => a === '' || actions.includes(a), 'errors.badInput')
      .transform((a) => a || undefined)
      .optional(),
    page: pageField,
  });
}

export function auditRouter(opts: { actions: readonly AuditAction[] }): Router {
  const r = Router();
  const query = journalQuery(opts.actions.map((a) => a.action));
  const labels = Object.fromEntries(opts.actions.map((a) => [a.action, a.label]));

  r.get('/journal', requireRole('coordinator'), async (req, res) => {
    const q = parseListQuery(query, req.query);
    const thisMonth = monthInBrest(new Date());
    const month = q.mois ?? thisMonth;
    const list = await auditTrail(req.user!, { subject: q.sujet, month, actor: q.qui, action: q.quoi }, q.page);
    const params = { sujet: q.sujet, mois: q.sujet ? undefined : month, qui: q.qui, quoi: q.quoi };
    const href = (n: number) => pageHref('/journal', params, n);
    res.render('audit/journal', {
      title: req.t('audit.title'),
      events: list.rows,
      sujet: q.sujet ?? '',
      qui: q.qui ?? '',
      quoi: q.quoi ?? '',
      actions: opts.actions,
      labels,
      month,
      previousMonth: q.sujet ? null : pageHref('/journal', { ...params, mois: addMonths(month, -1) }, 1),
      nextMonth: q.sujet || month >= thisMonth ? null : pageHref('/journal', { ...params, mois: addMonths(month, 1) }, 1),
      pager: { ...list, previousHref: href(list.page - 1), nextHref: href(list.page + 1) },
      fmt: viewFormat(viewLang(res.locals)),
    });
  });

  return r;
}
