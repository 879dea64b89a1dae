/** Workshop sessions: list and create, tick who came, print the attendance sheet. */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../../platform/auth-guards.js';
import { parseForm, showsFormAgain, typedOnOneLine, type FormState } from '../../platform/forms.js';
import { monthField, monthNav, pageField, pageHref, parseListQuery } from '../../platform/paging.js';
import { addMonths, dayInBrest, monthInBrest } from '../../platform/day.js';
import { dateField, optionalText, minutesField, optionalTimeOfDay } from '../../platform/form-fields.js';
import { viewFormat, viewLang } from '../../platform/view-format.js';
import { createSession, getSessionPage, listSessionsOfMonth, setAttendance, workshopModules } from './session.service.js';

const FIELDS = 'sessions.fields';
const lang = (res: Response) => viewLang(res.locals);

const sessionForm = z.object({
  moduleId: z.string({ error: 'errors.fieldMissing' }).trim().min(1, 'errors.fieldEmpty').max(80, 'errors.fieldTooLong'),
  // A session can be planned ahead (print the sheet before), but not more than a year.
  date: dateField({ future: 366 }),
  // Optional: a workshop's short codes work from a little before it starts (session-codes).
  startTime: optionalTimeOfDay(),
  durationMinutes: minutesField(15, 480),
  notes: optionalText(1000, { lines: true }),
});

const attendanceForm = z.object({
  /** "Chercher": the search of the attendance form, which carries the ticks and saves nothing. */
  chercher: z.string().optional(),
  q: z.string().trim().max(80, 'errors.fieldTooLong').optional().default(''),
  present: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().regex(/^[a-f0-9]{24}$/, 'errors.badInput')).max(500)),
});

/** The list's query string: a month (this one by default), a page, and maybe one workshop (an unknown one shows nothing). */
const listQuery = z.object({
  page: pageField,
  mois: monthField,
  atelier: z
    .string({ error: 'errors.badInput' })
    .regex(/^[a-z0-9-]{1,80}$/, 'errors.badInput')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

const okParam = z.enum(['cree', 'presences']).optional().catch(undefined);

export function sessionsRouter(): Router {
  const r = Router();
  const leader = requireRole('leader');

  const showList = async (req: Request, res: Response) => {
    // After a refused form, the list's first page.
    const query = req.method === 'GET' ? parseListQuery(listQuery, req.query) : { page: 1, atelier: undefined, mois: undefined };
    const thisMonth = monthInBrest(new Date());
    const month = query.mois ?? thisMonth;
    const list = await listSessionsOfMonth(req.user!, month, query.page, query.atelier);
    const href = (page: number) => pageHref('/seances', { atelier: query.atelier, mois: query.mois }, page);
    res.render('sessions/list', {
      title: req.t('sessions.list.title'),
      sessions: list.rows,
      query,
      // Sessions are planned up to a year ahead (the form's date).
      months: monthNav('/seances', { atelier: query.atelier }, month, addMonths(thisMonth, 12)),
      pager: { ...list, previousHref: href(list.page - 1), nextHref: href(list.page + 1) },
      modules: workshopModules(),
      values: { date: dayInBrest(new Date()), durationMinutes: '90', ...(res.locals.form as FormState).values },
      fmt: viewFormat(lang(res)),
    });
  };

  r.get('/seances', leader, showList);

  r.post(
    '/seances',
    leader,
    showsFormAgain(showList, async (req, res) => {
      const form = parseForm(sessionForm, req.body, FIELDS);
      const { startTime, ...rest } = form;
      const created = await createSession(req.user!, { ...rest, startMinutes: startTime });
      res.redirect(303, `/seances/${created}?ok=cree`);
    }),
  );

  const renderSession = async (req: Request, res: Response, q: string, ticked?: string[]) => {
    const page = await getSessionPage(req.user!, String(req.params.id), { q, ticked });
    res.render('sessions/session', {
      title: page.session.moduleTitle,
      ...page,
      q,
      ok: req.method === 'GET' ? okParam.parse(req.query.ok) : undefined,
      fmt: viewFormat(lang(res)),
    });
  };
  // A search with a character no one types (NUL reaches FerretDB as an error) is no search.
  const searchQuery = z.string().trim().max(80).refine(typedOnOneLine).optional().catch(undefined);
  const showSession = (req: Request, res: Response) =>
    renderSession(req, res, req.method === 'GET' ? (searchQuery.parse(req.query.q) ?? '') : '');
  r.get('/seances/:id', leader, showSession);

  r.post(
    '/seances/:id/presences',
    leader,
    showsFormAgain(showSession, async (req, res) => {
      const form = parseForm(attendanceForm, req.body, FIELDS);
      // A search without JavaScript: the same page, the ticks kept as they are in the form.
      if (form.chercher !== undefined) return renderSession(req, res, form.q, form.present);
      await setAttendance(req.user!, String(req.params.id), form.present);
      res.redirect(303, `/seances/${String(req.params.id)}?ok=presences`);
    }),
  );

  r.get('/seances/:id/feuille', leader, async (req, res) => {
    const page = await getSessionPage(req.user!, String(req.params.id));
    res.render('sessions/sheet', { title: req.t('sessions.sheet.title'), ...page, fmt: viewFormat(lang(res)) });
  });

  return r;
}
