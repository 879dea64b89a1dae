/**
 * What the residents feature tells the activity log (platform/activity.ts): each support
 * entry once, and each new state of a household (its building and subscription). Plain
 * values, nothing that names a person: the statistics count from these.
 */
import { backfillId, changeId, type Activity } from '../../platform/activity.js';

export const SUPPORT_ENTRY_ACTIVITY = 'support-entry';
export const HOUSEHOLD_ACTIVITY = 'household';

export interface SupportEntryActivity {
  resident: string;
  kind: string;
  date: Date;
  durationMinutes: number | null;
  place: string;
  themes: string[];
  /** Individual help: the autonomy level and whether the person was sent elsewhere (La Coop's export). */
  autonomy?: string | null;
  referral?: boolean | null;
  /** Where the person was sent, in La Coop's structure types. */
  referralType?: string | null;
  /** The display name of the leader who recorded it (La Coop's mediator columns). */
  leaderName?: string;
}

export interface HouseholdActivity {
  building: string;
  status: string;
  activeSince: Date | null;
  endedAt: Date | null;
}

type Id = { toString(): string };

export function supportEntryActivity(
  e: {
    _id: Id;
    site: Id;
    resident: Id;
    kind: string;
    date: Date;
    durationMinutes?: number | null;
    place: string;
    details?: Record<string, unknown>;
    leaderName?: string | null;
  },
  at: Date,
): Activity {
  const themes = e.details?.themes;
  const data: SupportEntryActivity = {
    resident: String(e.resident),
    kind: e.kind,
    date: e.date,
    durationMinutes: e.durationMinutes ?? null,
    place: e.place,
    themes: Array.isArray(themes) ? themes.filter((t): t is string => typeof t === 'string') : [],
    autonomy: typeof e.details?.autonomy === 'string' ? e.details.autonomy : null,
    referral: e.kind === 'aide' ? Boolean(e.details?.referral || e.details?.referralType) : null,
    referralType: typeof e.details?.referralType === 'string' ? e.details.referralType : null,
    ...(e.leaderName ? { leaderName: e.leaderName } : {}),
  };
  return {
    id: `${SUPPORT_ENTRY_ACTIVITY}:${String(e._id)}`,
    type: SUPPORT_ENTRY_ACTIVITY,
    subject: String(e._id),
    site: String(e.site),
    at,
    data: { ...data },
  };
}

export interface HouseholdState {
  _id: Id;
  site: Id;
  dwelling?: { building?: string | null } | null;
  subscription?: { status?: string | null; dates?: { actif?: Date | null; termine?: Date | null } | null } | null;
}

/** A household as it now is; `backfill` for one written before the log existed. */
export function householdActivity(h: HouseholdState, at: Date, opts: { backfill?: boolean } = {}): Activity {
  const subject = String(h._id);
  const data: HouseholdActivity = {
    building: h.dwelling?.building ?? '',
    status: h.subscription?.status ?? '',
    activeSince: h.subscription?.dates?.actif ?? null,
    endedAt: h.subscription?.dates?.termine ?? null,
  };
  return {
    id: opts.backfill ? backfillId(HOUSEHOLD_ACTIVITY, subject) : changeId(HOUSEHOLD_ACTIVITY, subject),
    type: HOUSEHOLD_ACTIVITY,
    subject,
    site: String(h.site),
    at,
    data: { ...data },
  };
}
