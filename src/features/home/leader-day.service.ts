/**
 * A leader's home page: the day's work, each item one click away. Composed from the
 * features' own read functions (sessions, residents, validation); it reads a bounded
 * amount whatever the site's size: the sessions of three weeks and their summaries (kept
 * at write time by the validation feature), one indexed read a week each, and the first
 * residents flagged for follow-up.
 */
import type { SessionUser } from '../accounts/index.js';
import { residentsToFollowUp, upcomingDeadlines, type UpcomingDeadline } from '../residents/index.js';
import { listSessionsOfWeeks, type SessionView } from '../sessions/index.js';
import { sessionSummariesOfWeeks } from '../validation/index.js';
import { planLeaderDay, weeksOfLeaderDay } from './leader-day-rules.js';

const SUMMARIES = 10;
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
  const weeks = weeksOfLeaderDay(now);
  const [sessions, summaries, followUp, deadlines] = await Promise.all([
    listSessionsOfWeeks(actor, weeks),
    sessionSummariesOfWeeks(actor, weeks),
    residentsToFollowUp(actor, FOLLOW_UPS),
    upcomingDeadlines(actor, now),
  ]);
  const plan = planLeaderDay(sessions, now);
  const recent = plan.toValidate.slice(0, SUMMARIES);
  const toValidate = recent.map((session) => ({
    session,
    pendingSkills: summaries.get(session.id)?.pendingSkills ?? 0,
    readyCertificates: summaries.get(session.id)?.readyCertificates ?? 0,
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
