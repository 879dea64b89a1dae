/**
 * `npm run stats:rebuild`: recomputes every fact and counter from the activity log
 * (platform/activity.ts: the support entries, sessions, validations, certificates and
 * households the features recorded), compares them with the stored ones, reports each
 * difference, and writes the right values where they differ. With `dryRun`, it only
 * reports.
 *
 * It reads one site at a time (so memory holds one site's facts), every record of it: a
 * command for a quiet moment, never a request. Writes made by the app while it runs may
 * be reported as differences; run it again then.
 */
import mongoose from 'mongoose';
import { fromDoc, latestBySubject, type Activity } from '../../platform/activity.js';
import { activityOfSite, sitesWithActivity } from '../../platform/activity.repository.js';
import { CERTIFICATE_ACTIVITY } from '../certificates/index.js';
import { HOUSEHOLD_ACTIVITY, SUPPORT_ENTRY_ACTIVITY } from '../residents/index.js';
import { SESSION_ACTIVITY } from '../sessions/index.js';
import { VALIDATION_ACTIVITY } from '../validation/index.js';
import {
  certificateFacts,
  certifiedMemberships,
  contactMemberships,
  countersOf,
  entryFacts,
  householdFacts,
  sameFact,
  sessionFacts,
  validationFacts,
  withMember,
  type Fact,
  type Membership,
} from './stat-facts.js';
import { sourceOf, type Source } from './stat-counters.js';
import {
  countersOfSite,
  factsOfSite,
  replaceStatistics,
  sitesOfStatistics,
  type StatCounterDoc,
  type StatFactDoc,
} from './statistics.repository.js';

type Id = mongoose.Types.ObjectId;

/** What happens once is read whole; what changes, at its latest state. */
const ONCE = [SUPPORT_ENTRY_ACTIVITY, VALIDATION_ACTIVITY];
const STATES = [SESSION_ACTIVITY, CERTIFICATE_ACTIVITY, HOUSEHOLD_ACTIVITY];

async function sourcesOfSite(site: Id): Promise<Source[]> {
  const read = async (type: string) => (await activityOfSite(site, type)).map(fromDoc);
  const records: Activity[] = [];
  for (const type of ONCE) records.push(...(await read(type)));
  for (const type of STATES) records.push(...latestBySubject(await read(type)).values());
  return records.flatMap((r) => sourceOf(r, String(site)) ?? []);
}

/** Every fact of one site that the activity log gives, by fact id. */
export async function expectedFacts(site: Id): Promise<Map<string, Fact>> {
  const facts = new Map<string, Fact>();
  const put = (more: Record<string, Fact>) => {
    for (const [id, f] of Object.entries(more)) facts.set(id, f);
  };
  const join = (m: Membership) => {
    const next = withMember(m, facts.get(m.id) ?? null, true);
    if (next) facts.set(m.id, next);
  };
  for (const source of await sourcesOfSite(site)) {
    if (source.kind === 'entry') {
      const s = source.value;
      put(entryFacts(s));
      contactMemberships(s.resident, s.site, `e:${s.id}`, s.date).forEach(join);
    } else if (source.kind === 'session') {
      const s = source.value;
      put(sessionFacts(s));
      for (const r of new Set(s.attendees)) contactMemberships(r, s.site, `s:${s.id}`, s.date).forEach(join);
    } else if (source.kind === 'validation') put(validationFacts(source.value));
    else if (source.kind === 'certificate') {
      put(certificateFacts(source.value));
      certifiedMemberships(source.value).forEach(join);
    } else put(householdFacts(source.value));
  }
  return facts;
}

export interface RebuildReport {
  facts: { checked: number; differences: string[] };
  counters: { checked: number; differences: string[] };
  written: number;
}

const factOf = (d: StatFactDoc): Fact => ({
  site: String(d.site),
  bucket: d.bucket,
  counts: d.counts ?? {},
  ...(d.members ? { members: d.members } : {}),
});
const describe = (f: Fact | null) =>
  f ? `${f.bucket} ${JSON.stringify(f.counts)}${f.members ? ` (${f.members.length})` : ''}` : 'absent';

export async function rebuildStatistics(
  opts: {
    dryRun?: boolean;
    /** These sites only (the demo seed rebuilds its own, not a city's); default every site. */
    sites?: Id[];
    /** After each site, for a progress line. */
    onSite?: (done: number, total: number) => void;
  } = {},
): Promise<RebuildReport> {
  const report: RebuildReport = { facts: { checked: 0, differences: [] }, counters: { checked: 0, differences: [] }, written: 0 };
  const ids = new Set(opts.sites?.map(String) ?? [...(await sitesWithActivity()), ...(await sitesOfStatistics())].map(String));
  const sites = [...ids].sort().map((id) => new mongoose.Types.ObjectId(id));
  for (const [i, site] of sites.entries()) {
    const one = await rebuildSite(site, opts);
    opts.onSite?.(i + 1, sites.length);
    report.facts.checked += one.facts.checked;
    // One by one: a city's first rebuild finds some 100,000 facts new (a spread would overflow the stack).
    for (const d of one.facts.differences) report.facts.differences.push(d);
    report.counters.checked += one.counters.checked;
    for (const d of one.counters.differences) report.counters.differences.push(d);
    report.written += one.written;
  }
  return report;
}

async function rebuildSite(site: Id, opts: { dryRun?: boolean }): Promise<RebuildReport> {
  const expected = await expectedFacts(site);
  const storedFacts = new Map((await factsOfSite(site)).map((d) => [d._id, factOf(d)]));
  const factIds = [...new Set([...expected.keys(), ...storedFacts.keys()])].sort();
  const factDiffs = factIds.filter((id) => !sameFact(storedFacts.get(id) ?? null, expected.get(id) ?? null));

  const counters = countersOf(expected.values());
  const storedCounters = new Map((await countersOfSite(site)).map((d: StatCounterDoc) => [d._id, d.c ?? {}]));
  const counterIds = [...new Set([...counters.keys(), ...storedCounters.keys()])].sort();
  const counterDiffs: string[] = [];
  const wrongCounters: string[] = [];
  for (const id of counterIds) {
    const want = counters.get(id)?.c ?? {};
    const have = storedCounters.get(id) ?? {};
    const wrong = [...new Set([...Object.keys(want), ...Object.keys(have)])]
      .sort()
      .filter((k) => (want[k] ?? 0) !== (have[k] ?? 0))
      .map((k) => `${k}: ${have[k] ?? 0} → ${want[k] ?? 0}`);
    if (wrong.length) {
      counterDiffs.push(`${id} ${wrong.join(', ')}`);
      wrongCounters.push(id);
    }
  }

  let written = 0;
  if (!opts.dryRun) {
    const oid = (id: string) => new mongoose.Types.ObjectId(id);
    await replaceStatistics(
      factDiffs.map((id) => {
        const f = expected.get(id);
        return [id, f ? { site: oid(f.site), bucket: f.bucket, counts: f.counts, members: f.members } : null];
      }),
      wrongCounters.map((id) => {
        const c = counters.get(id);
        return [id, c ? { site: oid(c.site), bucket: c.bucket, c: c.c } : null];
      }),
      new Set(factDiffs.filter((id) => !storedFacts.has(id))),
    );
    written = factDiffs.length + wrongCounters.length;
  }
  return {
    facts: {
      checked: factIds.length,
      differences: factDiffs.map(
        (id) => `${id}: ${describe(storedFacts.get(id) ?? null)} → ${describe(expected.get(id) ?? null)}`,
      ),
    },
    counters: { checked: counterIds.length, differences: counterDiffs },
    written,
  };
}
