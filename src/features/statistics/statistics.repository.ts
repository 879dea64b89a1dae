/**
 * Reads of the counters on the request path: one equality on `site` per site shown (a
 * few dozen small documents each). test/http/query-pushdown.test.ts runs `explain` on it.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { StatCounter, type StatCounterDoc } from './stat-counter.model.js';

type Id = mongoose.Types.ObjectId;

const build = {
  countersOfSite: (site: Id) => ({ model: StatCounter, filter: { site } }),
};

export const statisticsQueries = namedQueries(build, { countersOfSite: [new mongoose.Types.ObjectId()] });

export const countersOfSite = (site: Id) => findBy(build.countersOfSite(site)).lean<StatCounterDoc[]>();
