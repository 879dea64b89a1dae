/**
 * A workshop session's grid: its attendees and the module's skills, each cell with its
 * validation and the person's best score; and the certificates issued from it.
 */
import { requireLeader, type SessionUser } from '../accounts/index.js';
import { getProgressOf } from '../progress/index.js';
import { getSessionAttendees } from '../sessions/index.js';
import { catalogue } from '../workshops/index.js';
import type { CertificatePort } from './certificate-port.js';
import { dayInBrest, isLowScore } from './validation-rules.js';

export interface SessionGrid {
  session: { id: string; moduleId: string; moduleTitle: string; date: Date; leaderName: string; day: string };
  skills: { id: string; title: string }[];
  rows: {
    userId: string | null;
    /** The support record: where an account is created ("pas de compte"). */
    residentId: string;
    name: string;
    cells: { skillId: string; validated: boolean; level?: string; byName?: string; bestPercent: number | null; low: boolean }[];
    eligible: boolean;
    issued: boolean;
  }[];
  today: string;
}

export async function sessionGrid(
  actor: SessionUser,
  sessionId: string,
  now: Date,
  certificates: CertificatePort,
): Promise<SessionGrid> {
  requireLeader(actor);
  const { session, attendees } = await getSessionAttendees(actor, sessionId);
  const module = catalogue().moduleById.get(session.moduleId);
  const skills = (module?.skills ?? []).map((s) => ({ id: s.id, title: s.title }));
  const userIds = attendees.flatMap((a) => (a.userId ? [a.userId] : []));
  // Read once per page: each attendee's progress, then their certificates.
  const progress = await getProgressOf(userIds);
  const statuses = await certificates.statusesOf(progress, now);
  return {
    session: {
      id: session.id,
      moduleId: session.moduleId,
      moduleTitle: module?.title ?? session.moduleId,
      date: session.date,
      leaderName: session.leaderName,
      day: dayInBrest(session.date) <= dayInBrest(now) ? dayInBrest(session.date) : dayInBrest(now),
    },
    skills,
    rows: attendees.map((a) => {
      const p = a.userId ? progress.get(a.userId) : undefined;
      const status = a.userId ? statuses.get(a.userId)?.find((s) => s.ref === session.moduleId) : undefined;
      return {
        userId: a.userId,
        residentId: a.residentId,
        name: a.name,
        cells: skills.map((s) => {
          const v = p?.skills[s.id]?.validation;
          const best = p?.skills[s.id]?.bestScore;
          const bestPercent = best === undefined ? null : Math.round(best * 100);
          return {
            skillId: s.id,
            validated: Boolean(v),
            level: v?.level,
            byName: v?.byName,
            bestPercent,
            low: isLowScore(bestPercent),
          };
        }),
        eligible: Boolean(status?.eligible),
        issued: Boolean(status?.issued),
      };
    }),
    today: dayInBrest(now),
  };
}

/** Issues the module's certificate to every attendee who is eligible for it. */
export async function issueSessionCertificates(actor: SessionUser, sessionId: string, now: Date, certificates: CertificatePort) {
  requireLeader(actor);
  const { session, attendees } = await getSessionAttendees(actor, sessionId);
  const userIds = attendees.flatMap((a) => (a.userId ? [a.userId] : []));
  return certificates.issueToMany(actor, userIds, session.moduleId, now);
}
