/**
 * The write path of the statistics: other features call one of the `count…` functions
 * after each event (a one-line hook). Each records the event's facts under the event's
 * id: recording the same event again changes nothing, so a retried request counts once.
 *
 * Every fact is read, compared and written under its own document lock, and every
 * counter document is changed under its own (FerretDB 1.24 loses concurrent `$inc`s):
 * locks are always taken fact first, then counter, so they cannot deadlock. A crash
 * between the counter's `$inc` and the fact's write can count an event twice or not at
 * all: `npm run stats:rebuild` finds and repairs that.
 */
import mongoose from 'mongoose';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import {
  certificateFactIds,
  certificateFacts,
  certifiedMemberships,
  contactMemberships,
  deltaOf,
  entryFacts,
  householdFactIds,
  householdFacts,
  sameFact,
  sessionFacts,
  validationFacts,
  withMember,
  type CertificateSource,
  type Fact,
  type HouseholdSource,
  type Membership,
} from './stat-facts.js';
import { StatCounter, StatFact, type StatFactDoc } from './stat-counter.model.js';
import { certificateForCount, householdForCount } from './statistics.sources.js';

const factKey = (id: string) => documentKey('stat_facts', id);
const counterKey = (id: string) => documentKey('stat_counters', id);

const toFact = (d: StatFactDoc): Fact => ({
  site: String(d.site),
  bucket: d.bucket,
  counts: d.counts ?? {},
  ...(d.members ? { members: d.members } : {}),
});

/** Moves fact `id` to what `next` makes of it, and the counters with it. Returns the old fact. */
async function applyFact(id: string, next: (old: Fact | null) => Fact | null): Promise<Fact | null> {
  return withDocumentLock(factKey(id), async () => {
    const doc = await StatFact.findById(id).lean<StatFactDoc>();
    const old = doc ? toFact(doc) : null;
    const fact = next(old);
    if (sameFact(old, fact)) return old;
    for (const [counter, inc] of deltaOf(old, fact)) {
      const [site, bucket] = counter.split('|') as [string, string];
      const $inc = Object.fromEntries(Object.entries(inc).map(([k, v]) => [`c.${k}`, v]));
      await withDocumentLock(counterKey(counter), () =>
        StatCounter.updateOne(
          { _id: counter },
          { $inc, $set: { site: new mongoose.Types.ObjectId(site), bucket } },
          { upsert: true },
        ),
      );
    }
    if (fact) {
      await StatFact.replaceOne(
        { _id: id },
        {
          _id: id,
          site: new mongoose.Types.ObjectId(fact.site),
          bucket: fact.bucket,
          counts: fact.counts,
          members: fact.members,
        },
        { upsert: true },
      );
    } else {
      await StatFact.deleteOne({ _id: id });
    }
    return old;
  });
}

/** Sets the facts of one event: `ids` are every fact it may have, `facts` those it has now. */
async function setFacts(ids: string[], facts: Record<string, Fact>): Promise<void> {
  for (const id of new Set([...ids, ...Object.keys(facts)])) await applyFact(id, () => facts[id] ?? null);
}

async function setMembership(m: Membership, present: boolean): Promise<void> {
  await applyFact(m.id, (old) => withMember(m, old, present));
}

type Id = unknown;
const str = (v: Id) => String(v);
const optStr = (v: Id) => (v === undefined || v === null ? null : String(v));

/** After a support entry is recorded (or found again on a repeated submission). */
export async function countSupportEntry(e: {
  _id: Id;
  site: Id;
  resident: Id;
  kind: string;
  date: Date;
  durationMinutes?: number | null;
}): Promise<void> {
  const source = {
    id: str(e._id),
    site: str(e.site),
    resident: str(e.resident),
    kind: e.kind,
    date: e.date,
    durationMinutes: e.durationMinutes,
  };
  await setFacts([], entryFacts(source));
  for (const m of contactMemberships(source.resident, source.site, `e:${source.id}`, e.date)) await setMembership(m, true);
}

/** After a workshop session is created or its attendance changes. */
export async function countSession(s: {
  _id: Id;
  site: Id;
  date: Date;
  durationMinutes?: number | null;
  attendees?: Id[] | null;
}): Promise<void> {
  const source = {
    id: str(s._id),
    site: str(s.site),
    date: s.date,
    durationMinutes: s.durationMinutes,
    attendees: (s.attendees ?? []).map(str),
  };
  const facts = sessionFacts(source);
  const id = `s:${source.id}`;
  const old = await applyFact(id, () => facts[id]!);
  const now = new Set(facts[id]!.members);
  const gone = (old?.members ?? []).filter((r) => !now.has(r));
  // Every attendee again, not only the new ones: a retry after a crash completes the job.
  await Promise.all([
    ...[...now].map(async (r) => {
      for (const m of contactMemberships(r, source.site, id, s.date)) await setMembership(m, true);
    }),
    ...gone.map(async (r) => {
      for (const m of contactMemberships(r, source.site, id, s.date)) await setMembership(m, false);
    }),
  ]);
}

/** After a validation or a withdrawal is written to the history. */
export async function countValidationEvent(v: {
  _id: Id;
  site?: Id;
  kind: 'validation' | 'retrait';
  date?: Date | null;
  at: Date;
}): Promise<void> {
  await setFacts([], validationFacts({ id: str(v._id), site: optStr(v.site), kind: v.kind, date: v.date, at: v.at }));
}

export function certificateSource(c: {
  _id: Id;
  site?: Id;
  user: Id;
  issuedAt: Date;
  status: 'valid' | 'revoked';
  revokedAt?: Date | null;
  replaces?: Id;
  replacedBy?: Id;
}): CertificateSource {
  return {
    id: str(c._id),
    site: optStr(c.site),
    user: str(c.user),
    issuedAt: c.issuedAt,
    status: c.status,
    revokedAt: c.revokedAt ?? null,
    replaces: optStr(c.replaces),
    replacedBy: optStr(c.replacedBy),
  };
}

/** After a certificate is issued, revoked or re-issued (pass it as it now is). */
export async function countCertificate(c: Parameters<typeof certificateSource>[0]): Promise<void> {
  const source = certificateSource(c);
  await setFacts(certificateFactIds(source.id), certificateFacts(source));
  for (const m of certifiedMemberships(source)) await setMembership(m, true);
}

export function householdSource(h: {
  _id: Id;
  site: Id;
  dwelling?: { building?: string | null } | null;
  subscription?: { status?: string | null; dates?: { actif?: Date | null; termine?: Date | null } | null } | null;
}): HouseholdSource {
  return {
    id: str(h._id),
    site: str(h.site),
    building: h.dwelling?.building ?? '',
    status: h.subscription?.status ?? '',
    activeSince: h.subscription?.dates?.actif ?? null,
    endedAt: h.subscription?.dates?.termine ?? null,
  };
}

/** After a household is created or its dwelling or subscription changes (pass it as it now is). */
export async function countHousehold(h: Parameters<typeof householdSource>[0]): Promise<void> {
  const source = householdSource(h);
  await setFacts(householdFactIds(source.id), householdFacts(source));
}

/** The same, reading the certificate first (after an update that returns nothing). */
export async function countCertificateById(id: unknown): Promise<void> {
  const c = await certificateForCount(String(id));
  if (c) await countCertificate(c);
}

/** The same, reading the household first. */
export async function countHouseholdById(id: unknown): Promise<void> {
  const h = await householdForCount(String(id));
  if (h) await countHousehold(h);
}
