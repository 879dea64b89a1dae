/**
 * `npm run stats:rebuild`: recomputes every fact and counter from the events
 * themselves (support entries, sessions, validations, certificates, households),
 * compares them with the stored ones, reports each difference, and writes the right
 * values where they differ. With `dryRun`, it only reports.
 *
 * It reads one site at a time (so memory holds one site's facts), every event of it: a
 * command for a quiet moment, never a request. Writes made by the app while it runs may
 * be reported as differences; run it again then.
 */
import mongoose from 'mongoose';
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
import { certificateSource, householdSource } from './stat-counters.js';
import { StatCounter, StatFact, type StatCounterDoc, type StatFactDoc } from './stat-counter.model.js';
import * as sources from './statistics.sources.js';

type Id = mongoose.Types.ObjectId;

/** Every fact of one site that the events stored today give, by fact id. */
export async function expectedFacts(site: Id): Promise<Map<string, Fact>> {
  const facts = new Map<string, Fact>();
  const put = (more: Record<string, Fact>) => {
    for (const [id, f] of Object.entries(more)) facts.set(id, f);
  };
  const join = (m: Membership) => {
    const next = withMember(m, facts.get(m.id) ?? null, true);
    if (next) facts.set(m.id, next);
  };
  const [entries, sessions, validations, certificates, households] = await Promise.all([
    sources.allSupportEntries(site),
    sources.allSessions(site),
    sources.allValidationEvents(site),
    sources.allCertificates(site),
    sources.allHouseholds(site),
  ]);
  for (const e of entries) {
    const s = {
      id: String(e._id),
      site: String(e.site),
      resident: String(e.resident),
      kind: e.kind,
      date: e.date,
      durationMinutes: e.durationMinutes,
    };
    put(entryFacts(s));
    contactMemberships(s.resident, s.site, `e:${s.id}`, e.date).forEach(join);
  }
  for (const x of sessions) {
    const s = {
      id: String(x._id),
      site: String(x.site),
      date: x.date,
      durationMinutes: x.durationMinutes,
      attendees: (x.attendees ?? []).map(String),
    };
    put(sessionFacts(s));
    for (const r of new Set(s.attendees)) contactMemberships(r, s.site, `s:${s.id}`, s.date).forEach(join);
  }
  for (const v of validations)
    put(validationFacts({ id: String(v._id), site: v.site ? String(v.site) : null, kind: v.kind, date: v.date, at: v.at }));
  for (const c of certificates) {
    const s = certificateSource(c);
    put(certificateFacts(s));
    certifiedMemberships(s).forEach(join);
  }
  for (const h of households) put(householdFacts(householdSource(h)));
  return facts;
}

const BATCH = 1000;

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

export async function rebuildStatistics(opts: { dryRun?: boolean } = {}): Promise<RebuildReport> {
  const report: RebuildReport = { facts: { checked: 0, differences: [] }, counters: { checked: 0, differences: [] }, written: 0 };
  const sites = await sources.allSiteIds([...(await StatFact.distinct('site')), ...(await StatCounter.distinct('site'))]);
  for (const site of sites) {
    const one = await rebuildSite(site, opts);
    report.facts.checked += one.facts.checked;
    report.facts.differences.push(...one.facts.differences);
    report.counters.checked += one.counters.checked;
    report.counters.differences.push(...one.counters.differences);
    report.written += one.written;
  }
  return report;
}

async function rebuildSite(site: Id, opts: { dryRun?: boolean }): Promise<RebuildReport> {
  const expected = await expectedFacts(site);
  const storedFacts = new Map((await StatFact.find({ site }).lean<StatFactDoc[]>()).map((d) => [d._id, factOf(d)]));
  const factIds = [...new Set([...expected.keys(), ...storedFacts.keys()])].sort();
  const factDiffs = factIds.filter((id) => !sameFact(storedFacts.get(id) ?? null, expected.get(id) ?? null));

  const counters = countersOf(expected.values());
  const storedCounters = new Map((await StatCounter.find({ site }).lean<StatCounterDoc[]>()).map((d) => [d._id, d.c ?? {}]));
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
    const factOps = factDiffs.map((id) => {
      const f = expected.get(id);
      if (!f) return { deleteOne: { filter: { _id: id } } };
      const doc = { _id: id, site: new mongoose.Types.ObjectId(f.site), bucket: f.bucket, counts: f.counts, members: f.members };
      return { replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } };
    });
    const counterOps = wrongCounters.map((id) => {
      const c = counters.get(id);
      if (!c) return { deleteOne: { filter: { _id: id } } };
      const doc = { _id: id, site: new mongoose.Types.ObjectId(c.site), bucket: c.bucket, c: c.c };
      return { replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } };
    });
    // In batches: a first rebuild at a city's size writes hundreds of thousands of facts.
    for (let i = 0; i < factOps.length; i += BATCH)
      await StatFact.bulkWrite(factOps.slice(i, i + BATCH) as never, { ordered: false });
    for (let i = 0; i < counterOps.length; i += BATCH)
      await StatCounter.bulkWrite(counterOps.slice(i, i + BATCH) as never, { ordered: false });
    written = factOps.length + counterOps.length;
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
