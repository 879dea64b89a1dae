/**
 * What the sessions feature tells the activity log (platform/activity.ts): each new state
 * of a workshop session (its date, length and who attended), as plain values.
 */
import { backfillId, changeId, type Activity } from '../../platform/activity.js';

export const SESSION_ACTIVITY = 'session';

export interface SessionActivity {
  date: Date;
  durationMinutes: number | null;
  attendees: string[];
  /** The workshop module (La Coop's export names the workshop and its theme). */
  moduleId?: string;
  /** The display name of the leader who ran it (La Coop's mediator columns). */
  leaderName?: string;
}

type Id = { toString(): string };

export function sessionActivity(
  s: {
    _id: Id;
    site: Id;
    date: Date;
    durationMinutes?: number | null;
    attendees?: readonly Id[] | null;
    moduleId?: string;
    leaderName?: string | null;
  },
  at: Date,
  opts: { backfill?: boolean } = {},
): Activity {
  const subject = String(s._id);
  const data: SessionActivity = {
    date: s.date,
    durationMinutes: s.durationMinutes ?? null,
    attendees: (s.attendees ?? []).map(String),
    ...(s.moduleId ? { moduleId: s.moduleId } : {}),
    ...(s.leaderName ? { leaderName: s.leaderName } : {}),
  };
  return {
    id: opts.backfill ? backfillId(SESSION_ACTIVITY, subject) : changeId(SESSION_ACTIVITY, subject),
    type: SESSION_ACTIVITY,
    subject,
    site: String(s.site),
    at,
    data: { ...data },
  };
}
