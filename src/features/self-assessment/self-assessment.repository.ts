/**
 * Reads and writes of the before/after self-assessments: equalities on `_id` or `user`
 * (indexed). test/helpers/query-registry.ts lists these for the explain tests.
 */
import mongoose from 'mongoose';
import { namedQueries } from '../../platform/repository.js';
import { SessionSelfAssessment } from './self-assessment.model.js';
import type { Answers } from './self-assessment-rules.js';

type Id = mongoose.Types.ObjectId;

export interface SessionSelfDoc {
  _id: string;
  session: Id;
  user: Id;
  moduleId: string;
  sessionDate: Date;
  before: Answers | null;
  beforeAt: Date | null;
  after: Answers | null;
  afterAt: Date | null;
}

const build = {
  selfOfSession: (id: string) => ({ model: SessionSelfAssessment, filter: { _id: id } }),
  selfOfUser: (user: Id) => ({ model: SessionSelfAssessment, filter: { user } }),
};
export const selfAssessmentQueries = namedQueries(build, {
  selfOfSession: [`${'0'.repeat(24)}:${'0'.repeat(24)}`],
  selfOfUser: [new mongoose.Types.ObjectId()],
});

export const findSelfOfSession = (id: string) =>
  SessionSelfAssessment.findOne(build.selfOfSession(id).filter).lean<SessionSelfDoc>();

/** A resident's few documents (one per workshop session they answered for). */
export const selfOfUser = (user: Id) =>
  SessionSelfAssessment.find(build.selfOfUser(user).filter).limit(500).lean<SessionSelfDoc[]>();

/** The whole document, replaced; the caller holds its lock. */
export async function saveSelf(doc: SessionSelfDoc): Promise<void> {
  await SessionSelfAssessment.replaceOne(build.selfOfSession(doc._id).filter, doc, { upsert: true });
}
