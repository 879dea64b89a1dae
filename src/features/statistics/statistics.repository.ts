/**
 * Every query of the statistics' own collections: the counters one site at a time (the
 * page reads a few dozen small documents per site), a fact by its id (the write path),
 * one site's facts (the rebuild). Equalities FerretDB 1.x on PostgreSQL turns into SQL;
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { StatCounter, StatFact, type StatCounterDoc, type StatFactDoc } from './stat-counter.model.js';

export type { StatCounterDoc, StatFactDoc };

type Id = mongoose.Types.ObjectId;

const build = {
  countersOfSite: (site: Id) => ({ model: StatCounter, filter: { site } }),
  counterById: (id: string) => ({ model: StatCounter, filter: { _id: id } }),
  factById: (id: string) => ({ model: StatFact, filter: { _id: id } }),
  factsOfSite: (site: Id) => ({ model: StatFact, filter: { site } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const statisticsQueries = namedQueries(build, {
  countersOfSite: [oid()],
  counterById: [`${String(oid())}|2026-03`],
  factById: ['e:6b0cabff878e5813b98f9043'],
  factsOfSite: [oid()],
});

export const countersOfSite = (site: Id) => findBy(build.countersOfSite(site)).lean<StatCounterDoc[]>();
export const factsOfSite = (site: Id) => findBy(build.factsOfSite(site)).lean<StatFactDoc[]>();
export const findFact = (id: string) => StatFact.findOne(build.factById(id).filter).lean<StatFactDoc>();

/** Adds to a counter document (created at its first fact); the caller holds its lock. */
export async function incrementCounter(id: string, site: Id, bucket: string, inc: Record<string, number>): Promise<void> {
  const $inc = Object.fromEntries(Object.entries(inc).map(([k, v]) => [`c.${k}`, v]));
  await StatCounter.updateOne(build.counterById(id).filter, { $inc, $set: { site, bucket } }, { upsert: true });
}

/** Writes a fact as it now is, or removes it (null); the caller holds its lock. */
export async function writeFact(id: string, fact: Omit<StatFactDoc, '_id'> | null): Promise<void> {
  if (fact) await StatFact.replaceOne(build.factById(id).filter, { _id: id, ...fact }, { upsert: true });
  else await StatFact.deleteOne(build.factById(id).filter);
}

/** Every site of a fact or a counter (the rebuild's walk; a command, never a page). */
export async function sitesOfStatistics(): Promise<Id[]> {
  return [...(await StatFact.distinct('site')), ...(await StatCounter.distinct('site'))] as Id[];
}

const BATCH = 10;
/** New facts per insert: an insert reads nothing, so a larger batch is still one short statement. */
const INSERT_BATCH = 100;

/**
 * The rebuild's corrections: each document replaced whole, or removed. At most ten
 * statements per command (FerretDB holds one PostgreSQL connection per statement until
 * the command ends).
 */
export async function replaceStatistics(
  facts: [string, Omit<StatFactDoc, '_id'> | null][],
  counters: [string, Omit<StatCounterDoc, '_id'> | null][],
  /** Facts not stored before (a first rebuild): inserted, which reads nothing, rather than replaced. */
  newFacts: ReadonlySet<string> = new Set(),
): Promise<void> {
  const ops = <D>(rows: [string, D | null][]) =>
    rows.map(([id, doc]) =>
      doc
        ? { replaceOne: { filter: { _id: id }, replacement: { _id: id, ...doc }, upsert: true } }
        : { deleteOne: { filter: { _id: id } } },
    );
  const inserts = facts.filter(([id, doc]) => doc && newFacts.has(id)).map(([id, doc]) => ({ _id: id, ...doc! }));
  const factOps = ops(facts.filter(([id, doc]) => !(doc && newFacts.has(id))));
  for (let i = 0; i < inserts.length; i += INSERT_BATCH) {
    const batch = inserts.slice(i, i + INSERT_BATCH);
    await StatFact.collection.insertMany(batch as never[], { ordered: false }).catch(async (err: unknown) => {
      // Written meanwhile by the app: those are replaced as the others.
      const failed = new Set(((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((e) => e.index));
      if (failed.size === 0) throw err;
      factOps.push(...ops(batch.filter((_, j) => failed.has(j)).map(({ _id, ...doc }) => [_id, doc] as [string, typeof doc])));
    });
  }
  const counterOps = ops(counters);
  for (let i = 0; i < factOps.length; i += BATCH)
    await StatFact.bulkWrite(factOps.slice(i, i + BATCH) as never, { ordered: false });
  for (let i = 0; i < counterOps.length; i += BATCH)
    await StatCounter.bulkWrite(counterOps.slice(i, i + BATCH) as never, { ordered: false });
}
