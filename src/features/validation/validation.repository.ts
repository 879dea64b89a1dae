/**
 * Every read and write of the validations' history (append-only): a learner's lines,
 * newest first; one site's (the activity backfill). Equalities FerretDB 1.x on
 * PostgreSQL turns into SQL; test/http/query-pushdown.test.ts runs `explain` on each.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { ValidationEvent, type ValidationEventDoc } from './validation.model.js';
import { SessionSummary, type SessionSummaryDoc } from './session-summary.model.js';

export type { ValidationEventDoc };

type Id = mongoose.Types.ObjectId;

const build = {
  historyOfUser: (user: Id) => ({ model: ValidationEvent, filter: { user }, sort: { at: -1 as const } }),
  historyOfSite: (site: Id) => ({ model: ValidationEvent, filter: { site } }),
  /** A workshop session's summary (the leader's home), `_id` = the session's. */
  summaryById: (id: Id) => ({ model: SessionSummary, filter: { _id: id } }),
  /** The summaries of one week of a site's sessions (the leader's home reads three weeks). */
  summariesOfWeek: (site: Id, week: string) => ({ model: SessionSummary, filter: { site, week } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const validationQueries = namedQueries(build, {
  historyOfUser: [oid()],
  historyOfSite: [oid()],
  summaryById: [oid()],
  summariesOfWeek: [oid(), '2026-12-07'],
});

export const historyOfUser = (user: Id, limit: number) =>
  findBy(build.historyOfUser(user)).limit(limit).lean<ValidationEventDoc[]>();
export const historyOfSiteCursor = (site: Id) => findBy(build.historyOfSite(site)).lean<ValidationEventDoc[]>().cursor();
export const sitesOfHistory = async () =>
  ((await ValidationEvent.distinct('site')) as unknown[]).filter((s): s is Id => s instanceof mongoose.Types.ObjectId);

export async function insertHistoryLine(doc: Omit<ValidationEventDoc, '_id'>): Promise<ValidationEventDoc> {
  return (await ValidationEvent.create(doc)).toObject() as ValidationEventDoc;
}

/** Erasure: the free texts of a learner's lines blanked (append-only lines: no lock needed). */
export async function blankTextsOfUser(user: Id): Promise<void> {
  await ValidationEvent.updateMany(build.historyOfUser(user).filter, { $set: { comment: '', reason: '' } });
}

export type { SessionSummaryDoc };
export const findSummary = (id: Id) => SessionSummary.findOne(build.summaryById(id).filter).lean<SessionSummaryDoc>();
export const summariesOfWeek = (site: Id, week: string) =>
  findBy(build.summariesOfWeek(site, week)).lean<SessionSummaryDoc[]>();

/** A summary's week, set once (summaries written before the key: the start-up migration). */
export async function setSummaryWeek(id: Id, week: string): Promise<void> {
  await SessionSummary.updateOne(build.summaryById(id).filter, { $set: { week } });
}

/** A session's summary as a whole; the caller holds its lock. */
export async function saveSummary(id: Id, doc: Omit<SessionSummaryDoc, '_id'>): Promise<void> {
  await SessionSummary.updateOne(build.summaryById(id).filter, { $set: doc }, { upsert: true });
}
