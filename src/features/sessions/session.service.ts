/**
 * Workshop sessions (ateliers) and attendance. A leader works only with the sessions
 * of their own site; attendees must be residents of that site.
 */
import mongoose from 'mongoose';
import { requireLeader, type SessionUser } from '../accounts/index.js';
import { listResidentRefsOfSite, normalise, recordContact, residentRefsByIds, type ResidentRef } from '../residents/index.js';
import { catalogue } from '../workshops/index.js';
import { recordActivity } from '../../platform/activity.js';
import { declareAuditActions } from '../../platform/audit.js';
import { dayInBrest } from '../../platform/day.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import { idOrNull, parseId } from '../../platform/ids.js';
import { pageFrom, slicePage, type Page } from '../../platform/paging.js';
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
});

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

/** One page of the site's sessions, newest first; `moduleId` keeps one workshop's. */
export async function listSessions(actor: SessionUser, page = 1, moduleId?: string): Promise<Page<SessionView>> {
  const siteId = requireLeader(actor);
  const rows = await repo.sessionsOfSite(parseId(siteId), page, moduleId);
  return pageFrom(rows.map(toView), page);
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
  input: { moduleId: string; date: Date; durationMinutes: number; notes: string },
  opts: { demo?: boolean } = {},
): Promise<string> {
  const siteId = requireLeader(actor);
  if (!catalogue().moduleById.has(input.moduleId)) throw new BadInput('sessions.errors.unknownModule');
  const doc = await repo.insertSession({
    ...input,
    site: parseId(siteId),
    leader: parseId(actor.id),
    leaderName: actor.displayName,
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
  session: { id: string; moduleId: string; date: Date; siteId: string; leaderName: string };
  attendees: { residentId: string; userId: string | null; name: string }[];
}> {
  const s = await sessionForStaff(actor, sessionId);
  const refs = await residentRefsByIds((s.attendees ?? []).map(String));
  return {
    session: { id: String(s._id), moduleId: s.moduleId, date: s.date, siteId: String(s.site), leaderName: s.leaderName ?? '' },
    attendees: sortByName(refs).map((r) => ({ residentId: r.id, userId: r.userId, name: fullName(r) })),
  };
}

const fullName = (r: ResidentRef) => `${r.firstName} ${r.lastName}`.trim();
const sortByName = (rows: ResidentRef[]) =>
  [...rows].sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));

/**
 * The session page: the session, every resident of the site, who is ticked, and who
 * matches the search `q` (the others present stay in the form, hidden, so a search
 * never unticks anyone).
 */
export async function getSessionPage(actor: SessionUser, sessionId: string, q = '') {
  const s = await sessionForStaff(actor, sessionId);
  const residents = await listResidentRefsOfSite(String(s.site));
  const present = new Set((s.attendees ?? []).map(String));
  // An attendee anonymised since still counts on the sheet, without a name.
  const missing = [...present].filter((id) => !residents.some((r) => r.id === id));
  const others = await residentRefsByIds(missing);
  const words = normalise(q).split(' ').filter(Boolean);
  return {
    session: toView(s),
    residents: [...residents, ...others].map((r) => ({
      id: r.id,
      name: fullName(r),
      present: present.has(r.id),
      shown: words.every((w) => normalise(fullName(r)).includes(w)),
    })),
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
  await recordContact(unique, s.date);
  await sessionAudit.record(actor, 'session.attendance', `session:${String(s._id)}`, { count: unique.length });
}

/** Workshops a resident attended, newest first (their record's attendance list). */
export async function listSessionsOfResident(residentId: string): Promise<SessionView[]> {
  if (!idOrNull(residentId)) return [];
  const rows = await repo.sessionsOfResident(new mongoose.Types.ObjectId(residentId), 200);
  return rows.map(toView);
}

/** Whether the demo seed already made a session with these notes at the site. */
export async function demoSessionExists(siteId: string, notes: string): Promise<boolean> {
  return (await repo.findDemoSessionWithNotes(parseId(siteId), notes)) !== null;
}
