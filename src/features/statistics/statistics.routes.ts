/** The statistics page and its two CSV files, for coordinators and leaders (their own site). */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { parseForm } from '../../platform/forms.js';
import { viewFormat, viewLang } from '../../platform/view-format.js';
import { periodChoices } from './statistics-rules.js';
import { activityCsv, figuresCsv, statisticsPage, type StatsQuery } from './statistics.service.js';
import { chartsOf, periodLabel } from './statistics-view.js';
import { coopXlsx } from './coop-export.service.js';

const statsQuery = z.object({
  periode: z.string().trim().max(10, 'statistics.errors.period').optional(),
  du: z.string().trim().max(7, 'statistics.errors.period').optional(),
  au: z.string().trim().max(7, 'statistics.errors.period').optional(),
  site: z
    .string()
    .trim()
    .regex(/^([a-f0-9]{24})?$/, 'statistics.errors.site')
    .optional(),
});

const lang = (res: Response) => viewLang(res.locals);
const queryOf = (req: Request): StatsQuery => parseForm(statsQuery, req.query, 'statistics.fields');

/** The same filters in a link (for the CSV links and the print button). */
const queryString = (q: StatsQuery) =>
  new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1]))).toString();

function sendCsv(res: Response, file: { filename: string; csv: string }) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.send(file.csv);
}

export function statisticsRouter(): Router {
  const r = Router();
  const staff = requireRole('coordinator', 'leader');

  r.get('/statistiques', staff, async (req, res) => {
    const q = queryOf(req);
    const now = new Date();
    const page = await statisticsPage(req.user!, q, now);
    const fmt = viewFormat(lang(res));
    res.render('statistics/page', {
      title: req.t('statistics.title'),
      statsScope: page.scope,
      figures: page.figures,
      charts: chartsOf(page.figures, page.scope, req.t, fmt, lang(res)),
      choices: periodChoices(now),
      query: q,
      qs: queryString({ ...q, periode: page.figures.period.value }),
      fmt,
      periodLabel: (v: string) => periodLabel(v, req.t, fmt),
    });
  });

  r.get('/statistiques/accompagnements.csv', staff, async (req, res) => {
    sendCsv(res, await activityCsv(req.user!, queryOf(req), new Date()));
  });

  r.get('/statistiques/activites-coop.xlsx', staff, async (req, res) => {
    const file = await coopXlsx(req.user!, queryOf(req), new Date());
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.send(file.xlsx);
  });

  r.get('/statistiques/chiffres.csv', staff, async (req, res) => {
    sendCsv(res, await figuresCsv(req.user!, queryOf(req), new Date()));
  });

  return r;
}
