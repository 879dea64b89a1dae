/**
 * Pure rules of the support record: no database, no clock (every rule takes `now`).
 * Unit-tested in test/unit/resident-rules.test.ts.
 */
import { buildingKey } from '../sites/index.js';

import {
  LETTERS,
  letterOf,
  matchesSearch,
  normalise,
  prefixKeys,
  searchWords,
  type Letter,
} from '../../platform/name-keys.js';

export const RETENTION_YEARS = 2;

/** The day `years` years before `now` (same month and day). */
export function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

export interface RetentionFacts {
  createdAt: Date;
  lastContactAt?: Date | null;
  anonymisedAt?: Date | null;
}

/**
 * Retention: a resident with no contact (support entry, workshop) for two years is
 * anonymised. Without any contact, the record's creation date counts as the last one.
 */
export function isRetentionDue(r: RetentionFacts, now: Date): boolean {
  if (r.anonymisedAt) return false;
  const last = r.lastContactAt ?? r.createdAt;
  return last.getTime() <= yearsBefore(now, RETENTION_YEARS).getTime();
}

export interface IdentityFacts {
  birthYear?: number | null;
}

/**
 * What anonymisation writes on a resident: no name, no contact details, no account;
 * the birth year becomes its decade and the flags stay, so anonymous counts
 * (age groups, job-seekers, reading needs) still add up.
 */
export function anonymisedIdentity(r: IdentityFacts, now: Date) {
  return {
    firstName: 'Anonyme',
    lastName: '',
    phone: '',
    email: '',
    noPhone: false,
    // The search keys hold the name: they go with it.
    searchKeys: [] as string[],
    initial: '#',
    birthYear: r.birthYear ? Math.floor(r.birthYear / 10) * 10 : undefined,
    anonymisedAt: now,
  };
}

/** Free-text details, per kind, that may name people: cleared by anonymisation. */
export const FREE_TEXT_DETAILS: Record<string, readonly string[]> = {
  installation: ['problem'],
  ordinateur: ['assetTag'],
  'conseil-juridique': ['outcome', 'operatorAddress'],
  aide: ['referral', 'referralReason', 'outcomeReason'],
  abonnement: [],
};

/** An entry's details without its free texts; kind, dates and choices stay for counts. */
export function anonymisedDetails(kind: string, details: Record<string, unknown>): Record<string, unknown> {
  const out = { ...details };
  for (const field of FREE_TEXT_DETAILS[kind] ?? []) if (field in out) out[field] = '';
  return out;
}

/**
 * Whether something is left to do after an entry: an installation not solved, a
 * legal matter still open. `undefined`: this kind says nothing, keep the current flag.
 */
export function followUpAfter(kind: string, details: Record<string, unknown>): boolean | undefined {
  if (kind === 'installation') return details.solved !== true;
  if (kind === 'conseil-juridique') return details.status === 'en-cours';
  return undefined;
}

export { normalise, searchWords, matchesSearch, LETTERS, type Letter };

/**
 * What the residents list searches with an equality (FerretDB pushes no `$regex` down
 * to SQL): every prefix of every word of the names, the building, the entrance and the
 * flat. "gue" finds Guérec; "c 41" finds building C, flat 41.
 */
export function searchKeysOf(p: { firstName: string; lastName: string; building: string; entrance: string; flat: string }) {
  return prefixKeys(`${p.firstName} ${p.lastName} ${p.building} ${p.entrance} ${p.flat}`);
}

/** The list's letter of a resident: of the last name (or the first name), `#` if not a–z. */
export function initialOf(p: { firstName: string; lastName: string }): Letter {
  return letterOf(p.lastName || p.firstName);
}

/** The key of a building: the sites' rule (sites/building-rules.ts). */
export { buildingKey };

export function dwellingKey(d: { building: string; entrance: string; flat: string }): string {
  return [buildingKey(d.building), normalise(d.entrance), normalise(d.flat)].join('|');
}

export interface ListRow {
  firstName: string;
  lastName: string;
  building: string;
  entrance: string;
  flat: string;
  subscriptionStatus: string;
  followUp: boolean;
}

export const LIST_FILTERS = ['tous', 'sans-abonnement', 'suivi'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/** "No subscription yet": never subscribed, only proposed, or ended. */
export function hasNoSubscription(status: string): boolean {
  return status === '' || status === 'propose' || status === 'termine';
}

/**
 * The site's list: search by name, building or flat (every word must match
 * somewhere), then the chosen filter, sorted by last name then first name.
 */
export function filterResidents<T extends ListRow>(rows: readonly T[], q: string, filter: ListFilter): T[] {
  const words = normalise(q).split(' ').filter(Boolean);
  return rows
    .filter((r) => {
      const hay = normalise(`${r.firstName} ${r.lastName} ${r.building} ${r.entrance} ${r.flat}`);
      if (!words.every((w) => hay.includes(w))) return false;
      if (filter === 'sans-abonnement') return hasNoSubscription(r.subscriptionStatus);
      if (filter === 'suivi') return r.followUp;
      return true;
    })
    .sort(byName);
}

/** The list's order: last name, then first name, ignoring case and accents. */
export function byName(a: { firstName: string; lastName?: string | null }, b: { firstName: string; lastName?: string | null }) {
  return (
    normalise(a.lastName ?? '').localeCompare(normalise(b.lastName ?? '')) ||
    normalise(a.firstName).localeCompare(normalise(b.firstName))
  );
}

export interface TimelineEntry {
  kind: string;
  id: string;
  date: Date;
}

export interface TimelineSession {
  id: string;
  moduleId: string;
  date: Date;
  leaderName: string;
}

export type TimelineItem<E extends TimelineEntry = TimelineEntry> =
  | { type: 'entry'; date: Date; entry: E }
  | { type: 'session'; date: Date; session: TimelineSession; moduleTitle: string }
  | { type: 'notice'; date: Date; by: string };

/** The resident's story, newest first: support entries, workshops, the notice. */
export function buildTimeline<E extends TimelineEntry>(
  entries: readonly E[],
  sessions: readonly TimelineSession[],
  notice: { givenAt?: Date | null; givenByName?: string | null } | null | undefined,
  moduleTitle: (id: string) => string,
): TimelineItem<E>[] {
  const items: TimelineItem<E>[] = [
    ...entries.map((entry) => ({ type: 'entry' as const, date: entry.date, entry })),
    ...sessions.map((session) => ({
      type: 'session' as const,
      date: session.date,
      session,
      moduleTitle: moduleTitle(session.moduleId),
    })),
  ];
  if (notice?.givenAt) items.push({ type: 'notice', date: notice.givenAt, by: notice.givenByName ?? '' });
  const rank = { entry: 0, session: 1, notice: 2 } as const;
  return items.sort((a, b) => b.date.getTime() - a.date.getTime() || rank[a.type] - rank[b.type]);
}

/** The subscription after a change: the new status, its date, and the offer and charge if given. */
export function subscriptionAfterChange<
  S extends {
    status?: string | null;
    offer?: string | null;
    monthlyChargeCents?: number | null;
    dates?: Record<string, Date | null | undefined> | null;
  },
>(current: S | null | undefined, change: { status: string; offer: string; monthlyChargeCents: number | null; date: Date }) {
  return {
    status: change.status,
    offer: change.offer || current?.offer || '',
    monthlyChargeCents: change.monthlyChargeCents ?? current?.monthlyChargeCents ?? undefined,
    dates: { ...(current?.dates ?? {}), [change.status]: change.date },
  };
}
