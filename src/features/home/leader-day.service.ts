/**
 * A leader's home page: the day's work, each item one click away. Composed from the
 * features' own read functions (sessions, residents, validation); it reads a bounded
 * amount whatever the site's size: the latest page of sessions, the residents flagged
 * for follow-up, and the grids of at most five recent sessions.
 */
import type { SessionUser } from '../accounts/index.js';
import { residentsToFollowUp, upcomingDeadlines, type UpcomingDeadline } from '../residents/index.js';
import { listSessions, type SessionView } from '../sessions/index.js';
import { sessionGrid } from '../validation/index.js';
import { certificatesForValidation } from '../certificates/index.js';
import { planLeaderDay } from './leader-day-rules.js';

const GRIDS = 5;
const FOLLOW_UPS = 5;

export interface SessionToValidate {
  session: SessionView;
  /** Skills of the module not yet validated, over the attendees who have an account. */
  pendingSkills: number;
  /** Attendees who may get the module's certificate now. */
  readyCertificates: number;
}

export interface LeaderDay {
  today: SessionView[];
  laterThisWeek: SessionView[];
  toValidate: SessionToValidate[];
  readyCertificates: number;
  followUp: { id: string; name: string }[];
  moreFollowUp: boolean;
  /** Contract deadlines (withdrawal, end of commitment) of the next 14 days. */
  deadlines: UpcomingDeadline[];
}

export async function leaderDay(actor: SessionUser, now: Date): Promise<LeaderDay> {
  const [sessions, followUp, deadlines] = await Promise.all([
    listSessions(actor, 1),
    residentsToFollowUp(actor, FOLLOW_UPS),
    upcomingDeadlines(actor, now),
  ]);
  const plan = planLeaderDay(sessions.rows, now);
  const grids = await Promise.all(
    plan.toValidate.slice(0, GRIDS).map((s) => sessionGrid(actor, s.id, now, certificatesForValidation)),
  );
  const toValidate = grids.map((g, i) => ({
    session: plan.toValidate[i]!,
    pendingSkills: g.rows.filter((r) => r.userId).reduce((n, r) => n + r.cells.filter((c) => !c.validated).length, 0),
    readyCertificates: g.rows.filter((r) => r.eligible && !r.issued).length,
  }));
  return {
    today: plan.today,
    laterThisWeek: plan.laterThisWeek,
    toValidate: toValidate.filter((t) => t.pendingSkills > 0 || t.readyCertificates > 0),
    readyCertificates: toValidate.reduce((n, t) => n + t.readyCertificates, 0),
    followUp: followUp.rows,
    moreFollowUp: followUp.more,
    deadlines,
  };
}
