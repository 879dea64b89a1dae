/**
 * What each event adds to the counters, as pure functions of plain data. The write
 * path (stat-counters.ts) and the rebuild (stats-rebuild.service.ts) both use them, so
 * the counters kept as events happen and the counters recomputed from the events agree
 * by construction; the rebuild reports where they do not (a lost write, a crash).
 */
import { monthInBrest } from '../../platform/day.js';

export const KINDS = ['installation', 'ordinateur', 'conseil-juridique', 'aide', 'abonnement'] as const;
export type Kind = (typeof KINDS)[number];

/** A fact: what one event adds to the counter document of one site and bucket. */
export interface Fact {
  site: string;
  bucket: string;
  counts: Record<string, number>;
  members?: string[];
}

export const STOCK = 'stock';

/** The month of a date in Brest, `YYYY-MM` (platform/day.ts). */
export const monthOf = (date: Date): string => monthInBrest(date);

/** `2026-03` → `2026-T1` (trimestre). */
export function quarterOfMonth(month: string): string {
  return `${month.slice(0, 4)}-T${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The month, quarter and year buckets of a date: where "distinct residents" are counted. */
export function periodBuckets(date: Date): string[] {
  const m = monthOf(date);
  return [m, quarterOfMonth(m), m.slice(0, 4)];
}

/** A building name as a counter key: no `.` nor `$` (not allowed in field names). */
export function buildingKey(building: string): string {
  const b = building.trim().toUpperCase() || '-';
  return encodeURIComponent(b).replace(/\./g, '%2E');
}
export const buildingOfKey = (key: string): string => decodeURIComponent(key);

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0));

// ---------- the sources, as plain data ----------

export interface EntrySource {
  id: string;
  site: string;
  resident: string;
  kind: string;
  date: Date;
  durationMinutes?: number | null;
}

export interface SessionSource {
  id: string;
  site: string;
  date: Date;
  durationMinutes?: number | null;
  attendees: string[];
}

export interface ValidationSource {
  id: string;
  site?: string | null;
  kind: 'validation' | 'retrait';
  date?: Date | null;
  at: Date;
}

export interface CertificateSource {
  id: string;
  site?: string | null;
  user: string;
  issuedAt: Date;
  status: 'valid' | 'revoked';
  revokedAt?: Date | null;
  replaces?: string | null;
  replacedBy?: string | null;
}

export interface HouseholdSource {
  id: string;
  site: string;
  building: string;
  status: string;
  activeSince?: Date | null;
  endedAt?: Date | null;
}

// ---------- one event's own facts ----------

export function entryFacts(e: EntrySource): Record<string, Fact> {
  return {
    [`e:${e.id}`]: {
      site: e.site,
      bucket: monthOf(e.date),
      counts: nonZero({ [`n_${e.kind}`]: 1, [`min_${e.kind}`]: e.durationMinutes ?? 0 }),
    },
  };
}

export function sessionFacts(s: SessionSource): Record<string, Fact> {
  const attendees = [...new Set(s.attendees)].sort();
  return {
    [`s:${s.id}`]: {
      site: s.site,
      bucket: monthOf(s.date),
      counts: nonZero({ sessions: 1, session_min: s.durationMinutes ?? 0, attendances: attendees.length }),
      members: attendees,
    },
  };
}

export function validationFacts(v: ValidationSource): Record<string, Fact> {
  if (!v.site) return {};
  const withdrawn = v.kind === 'retrait';
  return {
    [`v:${v.id}`]: {
      site: v.site,
      bucket: monthOf(withdrawn ? v.at : (v.date ?? v.at)),
      counts: withdrawn ? { withdrawals: 1 } : { validations: 1 },
    },
  };
}

/** A re-issue (name corrected) is not a new certificate; the certificate it replaces is not counted as revoked. */
export function certificateFacts(c: CertificateSource): Record<string, Fact> {
  if (!c.site) return {};
  const out: Record<string, Fact> = {
    [`c:${c.id}`]: { site: c.site, bucket: monthOf(c.issuedAt), counts: c.replaces ? { reissued: 1 } : { certs: 1 } },
  };
  if (c.status === 'revoked' && !c.replacedBy && c.revokedAt) {
    out[`cr:${c.id}`] = { site: c.site, bucket: monthOf(c.revokedAt), counts: { revoked: 1 } };
  }
  return out;
}

/** A household: its place in the current state (stock), and when its subscription started or ended. */
export function householdFacts(h: HouseholdSource): Record<string, Fact> {
  const b = buildingKey(h.building);
  const connected = h.status === 'actif' ? 1 : 0;
  const out: Record<string, Fact> = {
    [`h:${h.id}`]: {
      site: h.site,
      bucket: STOCK,
      counts: nonZero({ households: 1, connected, [`b:${b}`]: 1, [`bc:${b}`]: connected }),
    },
  };
  if (h.activeSince) out[`ha:${h.id}`] = { site: h.site, bucket: monthOf(h.activeSince), counts: { subs_started: 1 } };
  if (h.status === 'termine' && h.endedAt)
    out[`ht:${h.id}`] = { site: h.site, bucket: monthOf(h.endedAt), counts: { subs_ended: 1 } };
  return out;
}

/** The ids a source may have written facts under (so a fact that no longer applies is removed). */
export const householdFactIds = (id: string) => [`h:${id}`, `ha:${id}`, `ht:${id}`];
export const certificateFactIds = (id: string) => [`c:${id}`, `cr:${id}`];

// ---------- facts shared by several events: "distinct residents" ----------

/**
 * A resident is counted once per month, quarter and year in which they had a contact
 * (support entry or workshop attended), and once as "new" in the month of their first
 * contact. These facts keep the ids of the events behind them, so adding an event
 * twice or removing one keeps the count exact.
 */
export interface Membership {
  /** The fact id. */
  id: string;
  site: string;
  /** The event's id, with its month in front for the first-contact fact. */
  member: string;
  /** The bucket, from the members (the earliest month for the first contact). */
  bucket: (members: string[]) => string;
  counts: Record<string, number>;
}

const fixed = (bucket: string) => () => bucket;
const earliestMonth = (members: string[]) => members.map((m) => m.slice(0, 7)).sort()[0]!;

export function contactMemberships(resident: string, site: string, source: string, date: Date): Membership[] {
  const month = monthOf(date);
  return [
    ...periodBuckets(date).map((bucket) => ({
      id: `r:${resident}:${bucket}`,
      site,
      member: source,
      bucket: fixed(bucket),
      counts: { residents: 1 },
    })),
    { id: `f:${resident}`, site, member: `${month}|${source}`, bucket: earliestMonth, counts: { new_residents: 1 } },
  ];
}

/** A resident counted once per month, quarter and year in which they got a certificate. */
export function certifiedMemberships(c: CertificateSource): Membership[] {
  if (!c.site || c.replaces) return [];
  return periodBuckets(c.issuedAt).map((bucket) => ({
    id: `k:${c.user}:${bucket}`,
    site: c.site!,
    member: c.id,
    bucket: fixed(bucket),
    counts: { certified: 1 },
  }));
}

/** The fact a membership gives once its member is added to (or removed from) `old`. */
export function withMember(m: Membership, old: Fact | null, present: boolean): Fact | null {
  const members = new Set(old?.members ?? []);
  if (present) members.add(m.member);
  else members.delete(m.member);
  if (members.size === 0) return null;
  const list = [...members].sort();
  return { site: old?.site ?? m.site, bucket: m.bucket(list), counts: m.counts, members: list };
}

// ---------- facts → counters ----------

export const counterId = (site: string, bucket: string) => `${site}|${bucket}`;

/** The counter documents that a set of facts sums to: `<site>|<bucket>` → counts. */
export function countersOf(facts: Iterable<Fact>): Map<string, { site: string; bucket: string; c: Record<string, number> }> {
  const out = new Map<string, { site: string; bucket: string; c: Record<string, number> }>();
  for (const f of facts) {
    const id = counterId(f.site, f.bucket);
    let doc = out.get(id);
    if (!doc) out.set(id, (doc = { site: f.site, bucket: f.bucket, c: {} }));
    for (const [k, v] of Object.entries(f.counts)) doc.c[k] = (doc.c[k] ?? 0) + v;
  }
  return out;
}

/** What to add to which counter document to go from fact `old` to fact `next`. */
export function deltaOf(old: Fact | null, next: Fact | null): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const add = (f: Fact, sign: number) => {
    const id = counterId(f.site, f.bucket);
    const d = out.get(id) ?? {};
    for (const [k, v] of Object.entries(f.counts)) d[k] = (d[k] ?? 0) + sign * v;
    out.set(id, d);
  };
  if (old) add(old, -1);
  if (next) add(next, 1);
  for (const [id, d] of out) {
    const kept = nonZero(d);
    if (Object.keys(kept).length === 0) out.delete(id);
    else out.set(id, kept);
  }
  return out;
}

export function sameFact(a: Fact | null, b: Fact | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.site === b.site &&
    a.bucket === b.bucket &&
    JSON.stringify(sortKeys(a.counts)) === JSON.stringify(sortKeys(b.counts)) &&
    JSON.stringify(a.members ?? null) === JSON.stringify(b.members ?? null)
  );
}

const sortKeys = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : 1)));
