/**
 * The write path of the statistics: the app's listener of the activity log
 * (platform/activity.ts), which the features write to and which knows no statistics.
 * Each record's facts are kept under its subject's id: recording the same event again
 * changes nothing, so a retried request counts once.
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
  type EntrySource,
  type Fact,
  type HouseholdSource,
  type Membership,
  type SessionSource,
  type ValidationSource,
} from './stat-facts.js';
import { findFact, incrementCounter, writeFact, type StatFactDoc } from './statistics.repository.js';
import type { Activity } from '../../platform/activity.js';
import { CERTIFICATE_ACTIVITY, type CertificateActivity } from '../certificates/index.js';
import {
  HOUSEHOLD_ACTIVITY,
  SUPPORT_ENTRY_ACTIVITY,
  type HouseholdActivity,
  type SupportEntryActivity,
} from '../residents/index.js';
import { SESSION_ACTIVITY, type SessionActivity } from '../sessions/index.js';
import { VALIDATION_ACTIVITY, type ValidationActivity } from '../validation/index.js';

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
    const doc = await findFact(id);
    const old = doc ? toFact(doc) : null;
    const fact = next(old);
    if (sameFact(old, fact)) return old;
    for (const [counter, inc] of deltaOf(old, fact)) {
      const [site, bucket] = counter.split('|') as [string, string];
      await withDocumentLock(counterKey(counter), () =>
        incrementCounter(counter, new mongoose.Types.ObjectId(site), bucket, inc),
      );
    }
    await writeFact(
      id,
      fact
        ? {
            site: new mongoose.Types.ObjectId(fact.site),
            bucket: fact.bucket,
            counts: fact.counts,
            ...(fact.members ? { members: fact.members } : {}),
          }
        : null,
    );
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

/** The activity log's listener: each record moves the facts of its subject, and the counters with them. */
export async function countActivity(a: Activity): Promise<void> {
  if (!a.site) return;
  const source = sourceOf(a, a.site);
  if (!source) return;
  if (source.kind === 'entry') return countSupportEntry(source.value);
  if (source.kind === 'session') return countSession(source.value);
  if (source.kind === 'validation') return setFacts([], validationFacts(source.value));
  if (source.kind === 'certificate') return countCertificate(source.value);
  return setFacts(householdFactIds(source.value.id), householdFacts(source.value));
}

export type Source =
  | { kind: 'entry'; value: EntrySource }
  | { kind: 'session'; value: SessionSource }
  | { kind: 'validation'; value: ValidationSource }
  | { kind: 'certificate'; value: CertificateSource }
  | { kind: 'household'; value: HouseholdSource };

/** What a record of the activity log is, as the facts' pure functions take it (null: nothing to count). */
export function sourceOf(a: Activity, site: string): Source | null {
  const id = a.subject;
  switch (a.type) {
    case SUPPORT_ENTRY_ACTIVITY: {
      const d = a.data as unknown as SupportEntryActivity;
      return {
        kind: 'entry',
        value: { id, site, resident: d.resident, kind: d.kind, date: d.date, durationMinutes: d.durationMinutes },
      };
    }
    case SESSION_ACTIVITY: {
      const d = a.data as unknown as SessionActivity;
      return { kind: 'session', value: { id, site, date: d.date, durationMinutes: d.durationMinutes, attendees: d.attendees } };
    }
    case VALIDATION_ACTIVITY: {
      const d = a.data as unknown as ValidationActivity;
      return { kind: 'validation', value: { id, site, kind: d.kind, date: d.date, at: d.at } };
    }
    case CERTIFICATE_ACTIVITY: {
      const d = a.data as unknown as CertificateActivity;
      return { kind: 'certificate', value: { id, site, ...d } };
    }
    case HOUSEHOLD_ACTIVITY: {
      const d = a.data as unknown as HouseholdActivity;
      return { kind: 'household', value: { id, site, ...d } };
    }
    default:
      return null;
  }
}

async function countSupportEntry(source: EntrySource): Promise<void> {
  await setFacts([], entryFacts(source));
  for (const m of contactMemberships(source.resident, source.site, `e:${source.id}`, source.date)) await setMembership(m, true);
}

async function countSession(source: SessionSource): Promise<void> {
  const facts = sessionFacts(source);
  const id = `s:${source.id}`;
  const old = await applyFact(id, () => facts[id]!);
  const now = new Set(facts[id]!.members);
  const gone = (old?.members ?? []).filter((r) => !now.has(r));
  // Every attendee again, not only the new ones: a retry after a crash completes the job.
  await Promise.all([
    ...[...now].map(async (r) => {
      for (const m of contactMemberships(r, source.site, id, source.date)) await setMembership(m, true);
    }),
    ...gone.map(async (r) => {
      for (const m of contactMemberships(r, source.site, id, source.date)) await setMembership(m, false);
    }),
  ]);
}

async function countCertificate(source: CertificateSource): Promise<void> {
  await setFacts(certificateFactIds(source.id), certificateFacts(source));
  for (const m of certifiedMemberships(source)) await setMembership(m, true);
}
