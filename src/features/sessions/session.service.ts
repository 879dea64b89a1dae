/**
 * Workshop sessions (ateliers) and attendance. A leader works only with the sessions
 * of their own site; attendees must be residents of that site.
 */
import mongoose from 'mongoose';
import { requireLeader, type SessionUser } from '../accounts/index.js';
import {
  recordContact,
  residentPicksByIds,
  residentRefsByIds,
  searchResidentPicks,
  type ResidentPick,
  type ResidentRef,
} from '../residents/index.js';
import { catalogue } from '../workshops/index.js';
import { recordActivity } from '../../platform/activity.js';
import { declareAuditActions } from '../../platform/audit.js';
import { dayInBrest, mondayOf } from '../../platform/day.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import { idOrNull, parseId } from '../../platform/ids.js';
import { slicePage, type Page } from '../../platform/paging.js';
import { regularsId, withRegularChanges } from './regulars-rules.js';
import { sessionActivity } from './session.activity.js';
import * as repo from './workshop-session.repository.js';
import type { WorkshopSessionDoc } from './workshop-session.repository.js';

export const sessionAudit = declareAuditActions('sessions', ['session.attendance']);

export interface SessionView {
  id: string;
  moduleId: string;
  moduleTitle: string;
  date: Date;
  durationMinutes: number;
  siteId: string;
  leaderName: string;
  attendeeCount: number;
  notes: string;
  /** Its week's Monday ("YYYY-MM-DD", Brest), the key of its summary's week. */
  week: string;
}

export function moduleTitle(moduleId: string): string {
  return catalogue().moduleById.get(moduleId)?.title ?? moduleId;
}

const toView = (s: WorkshopSessionDoc): SessionView => ({
  id: String(s._id),
  moduleId: s.moduleId,
  moduleTitle: moduleTitle(s.moduleId),
  date: s.date,
  durationMinutes: s.durationMinutes ?? 0,
  siteId: String(s.site),
  leaderName: s.leaderName ?? '',
  attendeeCount: s.attendees?.length ?? 0,
  notes: s.notes ?? '',
  week: weekOfSession(s),
});

/** A session's week: its key, or its date's for a session written before the key. */
const weekOfSession = (s: WorkshopSessionDoc) => s.week ?? weekOf(s.date);

/** A session of the actor's own site; another site's session is refused. */
async function sessionForStaff(actor: SessionUser, id: string): Promise<WorkshopSessionDoc> {
  const siteId = requireLeader(actor);
  const s = await repo.findSessionById(parseId(id));
  if (!s) throw new NotFound();
  if (String(s.site) !== siteId) throw new Forbidden();
  return s;
}

export function workshopModules(): { id: string; title: string }[] {
  return catalogue().modules.map((m) => ({ id: m.id, title: m.title }));
}

/** The session's week key: the Monday of its day in Brest. */
export const weekOf = (date: Date) => mondayOf(dayInBrest(date));

/** The site's sessions of the weeks given (their Mondays), one indexed read a week. */
export async function listSessionsOfWeeks(actor: SessionUser, weeks: string[]): Promise<SessionView[]> {
  const site = parseId(requireLeader(actor));
  const rows = await Promise.all(weeks.map((w) => repo.sessionsOfWeek(site, w)));
  return rows.flat().map(toView);
}

/**
 * One month of the site's sessions ("YYYY-MM" in Brest), newest first, one page;
 * `moduleId` keeps one workshop's. One equality read (site, month): a month is a few
 * dozen sessions, sorted and filtered in memory, whatever the site's history.
 */
export async function listSessionsOfMonth(
  actor: SessionUser,
  month: string,
  page = 1,
  moduleId?: string,
): Promise<Page<SessionView>> {
  const siteId = requireLeader(actor);
  const rows = (await repo.sessionsOfMonth(parseId(siteId), month))
    .filter((s) => !moduleId || s.moduleId === moduleId)
    .sort((a, b) => b.date.getTime() - a.date.getTime());
  return slicePage(rows.map(toView), page);
}

export async function createSession(
  actor: SessionUser,
  input: { moduleId: string; date: Date; durationMinutes: number; notes: string; startMinutes?: number | null },
  opts: { demo?: boolean } = {},
): Promise<string> {
  const siteId = requireLeader(actor);
  if (!catalogue().moduleById.has(input.moduleId)) throw new BadInput('sessions.errors.unknownModule');
  const doc = await repo.insertSession({
    ...input,
    site: parseId(siteId),
    leader: parseId(actor.id),
    leaderName: actor.displayName,
    week: weekOf(input.date),
    demo: opts.demo ?? false,
  });
  await recordActivity(sessionActivity(doc, new Date()));
  return String(doc._id);
}

/**
 * The contract the certificates feature relies on: a session of the actor's site and
 * its attendees. Throws NotFound or Forbidden otherwise.
 */
export async function getSessionAttendees(
  actor: SessionUser,
  sessionId: string,
): Promise<{
  session: {
    id: string;
    moduleId: string;
    date: Date;
    siteId: string;
    leaderName: string;
    durationMinutes: number;
    startMinutes: number | null;
  };
  attendees: { residentId: string; userId: string | null; name: string }[];
}> {
  const s = await sessionForStaff(actor, sessionId);
  const refs = await residentRefsByIds((s.attendees ?? []).map(String));
  return {
    session: {
      id: String(s._id),
      moduleId: s.moduleId,
      date: s.date,
      siteId: String(s.site),
      leaderName: s.leaderName ?? '',
      durationMinutes: s.durationMinutes ?? 0,
      startMinutes: s.startMinutes ?? null,
    },
    attendees: sortByName(refs).map((r) => ({ residentId: r.id, userId: r.userId, name: fullName(r) })),
  };
}

const fullName = (r: ResidentRef) => `${r.firstName} ${r.lastName}`.trim();
const sortByName = (rows: ResidentRef[]) =>
  [...rows].sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));

/** How many of a workshop's regulars, and of a search's residents, the picker shows. */
export const REGULARS_SHOWN = 30;
export const FOUND_SHOWN = 30;

export interface PickRow {
  id: string;
  name: string;
  building: string;
  entrance: string;
  flat: string;
  present: boolean;
}

const pickRow = (p: ResidentPick, present: boolean): PickRow => ({
  id: p.id,
  name: `${p.firstName} ${p.lastName}`.trim(),
  building: p.building,
  entrance: p.entrance,
  flat: p.flat,
  present,
});

/**
 * The session page: the session, who is ticked (the saved attendees, or the ticks a
 * search carried from the form), the workshop's regulars not ticked, and the site's
 * residents found by the search `q`. Read by `_id` and by the indexed search: nothing
 * here grows with the site.
 */
export async function getSessionPage(actor: SessionUser, sessionId: string, opts: { q?: string; ticked?: string[] } = {}) {
  const s = await sessionForStaff(actor, sessionId);
  const site = String(s.site);
  const ticked = [...new Set(opts.ticked ?? (s.attendees ?? []).map(String))];
  const regulars = await repo.findRegulars(regularsId(site, s.moduleId));
  const isTicked = new Set(ticked);
  const regularIds = (regulars?.residents ?? [])
    .map((r) => String(r.resident))
    .filter((id) => !isTicked.has(id))
    .slice(0, REGULARS_SHOWN);
  const q = opts.q?.trim() ?? '';
  const [tickedPicks, regularPicks, found] = await Promise.all([
    residentPicksByIds(ticked),
    residentPicksByIds(regularIds),
    q ? searchResidentPicks(site, q, FOUND_SHOWN) : Promise.resolve({ rows: [] as ResidentPick[], more: false }),
  ]);
  // Ticks carried by a search: residents of this site only (the saved ones are, already).
  if (opts.ticked && (tickedPicks.length !== ticked.length || tickedPicks.some((p) => p.siteId !== site))) throw new Forbidden();
  const shownRegulars = regularPicks.filter((p) => !p.anonymised && p.siteId === site);
  const listed = new Set([...ticked, ...shownRegulars.map((p) => p.id)]);
  const saved = new Set((s.attendees ?? []).map(String));
  return {
    session: toView(s),
    // A workshop's short code is for a saved attendee only, not a tick carried by a search.
    attendees: tickedPicks.filter((p) => saved.has(p.id)).map((p) => pickRow(p, true)),
    ticked: tickedPicks.map((p) => pickRow(p, true)).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    regulars: shownRegulars.map((p) => pickRow(p, false)),
    found: found.rows.filter((p) => !listed.has(p.id)).map((p) => pickRow(p, false)),
    foundMore: found.more,
    searched: q !== '',
  };
}

/**
 * Sets who attended (the whole list, so a double submit changes nothing). Every
 * attendee must be a resident of the session's site.
 */
export async function setAttendance(actor: SessionUser, sessionId: string, residentIds: string[]): Promise<void> {
  const s = await sessionForStaff(actor, sessionId);
  // Nobody attends a session that has not happened yet.
  if (s.date.toISOString().slice(0, 10) > dayInBrest(new Date())) throw new BadInput('sessions.errors.notYet');
  const unique = [...new Set(residentIds)];
  const refs = await residentRefsByIds(unique);
  if (refs.length !== unique.length || refs.some((r) => r.siteId !== String(s.site))) throw new Forbidden();
  // Serialised with any other write of this session (FerretDB 1.24 has no atomic update).
  await withDocumentLock(documentKey('workshop_sessions', s._id), async () => {
    await repo.setAttendees(
      s._id,
      unique.map((id) => parseId(id)),
    );
    await recordActivity(sessionActivity({ ...s, attendees: unique }, new Date()));
  });
  await keepRegulars(s, (s.attendees ?? []).map(String), unique);
  await recordContact(unique, s.date);
  await sessionAudit.record(actor, 'session.attendance', `session:${String(s._id)}`, { count: unique.length });
}

/**
 * The workshop's regulars after an attendance: each resident ticked or unticked gets
 * the date of their last session of this workshop at this site (one indexed read of
 * their sessions), under the regulars document's lock.
 */
async function keepRegulars(s: WorkshopSessionDoc, before: string[], after: string[]): Promise<void> {
  const was = new Set(before);
  const is = new Set(after);
  const changed = [...after.filter((id) => !was.has(id)), ...before.filter((id) => !is.has(id))];
  if (changed.length === 0) return;
  const site = String(s.site);
  const lasts = await Promise.all(
    changed.map(async (id) => {
      const theirs = await repo.sessionsOfResident(parseId(id), 200);
      const dates = theirs.filter((x) => String(x.site) === site && x.moduleId === s.moduleId).map((x) => x.date.getTime());
      return [id, dates.length ? new Date(Math.max(...dates)) : null] as const;
    }),
  );
  const id = regularsId(site, s.moduleId);
  await withDocumentLock(documentKey('workshop_regulars', id), async () => {
    const doc = await repo.findRegulars(id);
    const current = (doc?.residents ?? []).map((r) => ({ resident: String(r.resident), last: r.last }));
    const next = withRegularChanges(current, new Map(lasts));
    await repo.saveRegulars({
      _id: id,
      site: s.site,
      moduleId: s.moduleId,
      residents: next.map((r) => ({ resident: parseId(r.resident), last: r.last })),
    });
  });
}

/** Workshops a resident attended, newest first (their record's attendance list). */
export async function listSessionsOfResident(residentId: string): Promise<SessionView[]> {
  if (!idOrNull(residentId)) return [];
  const rows = await repo.sessionsOfResident(new mongoose.Types.ObjectId(residentId), 200);
  return rows.map(toView);
}

/** What a session's summary is made from (validation/session-summary.service.ts): no actor, no names. */
export interface SessionFacts {
  id: string;
  site: string;
  moduleId: string;
  week: string;
  attendees: string[];
}

const factsOf = (s: WorkshopSessionDoc): SessionFacts => ({
  id: String(s._id),
  site: String(s.site),
  moduleId: s.moduleId,
  week: weekOfSession(s),
  attendees: (s.attendees ?? []).map(String),
});

export async function sessionFacts(id: string): Promise<SessionFacts | null> {
  const s = idOrNull(id) ? await repo.findSessionById(new mongoose.Types.ObjectId(id)) : null;
  return s ? factsOf(s) : null;
}

/** Every session, site by site (a rebuild's walk: a command, never a page). */
export async function* everySessionFacts(): AsyncGenerator<SessionFacts> {
  for (const site of await repo.sitesOfSessions()) {
    for await (const s of repo.sessionsOfSiteCursor(site)) yield factsOf(s);
  }
}

/** Whether the demo seed already made a session with these notes at the site. */
export async function demoSessionExists(siteId: string, notes: string): Promise<boolean> {
  return (await repo.findDemoSessionWithNotes(parseId(siteId), notes)) !== null;
}
