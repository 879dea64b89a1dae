/**
 * Self-assessment beside validation: before and after a workshop session the resident
 * says "je sais" or "pas encore" for each skill of the workshop (its page
 * `/ateliers/<module>/avant-apres`); their record shows it next to the leader's
 * validation, and a one-page skills booklet (PDF) takes it home.
 */
import mongoose from 'mongoose';
import type { SessionUser } from '../accounts/index.js';
import { getProgress } from '../progress/index.js';
import { findResidentOfUser, residentForReader, residentSubject } from '../residents/index.js';
import { listSessionsOfResident } from '../sessions/index.js';
import { getSiteDetail } from '../sites/index.js';
import { catalogue } from '../workshops/index.js';
import { declareAuditActions } from '../../platform/audit.js';
import { dayInBrest } from '../../platform/day.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import {
  answersOf,
  bookletModules,
  latestAnswers,
  sessionToAssess,
  type BeforeAfter,
  type Moment,
} from './self-assessment-rules.js';
import { findSelfOfSession, saveSelf, selfOfUser } from './self-assessment.repository.js';

export const selfAssessmentAudit = declareAuditActions('selfAssessment', ['skills-booklet.download']);

function moduleOrNotFound(moduleId: string) {
  const m = catalogue().moduleById.get(moduleId);
  if (!m) throw new NotFound();
  return m;
}

/** The session the resident answers for on this workshop's page, or null. */
async function sessionFor(actor: SessionUser, moduleId: string, now: Date) {
  if (actor.role !== 'resident') throw new Forbidden();
  const mine = await findResidentOfUser(actor.id);
  if (!mine) return null;
  return sessionToAssess(await listSessionsOfResident(mine.id), moduleId, dayInBrest(now));
}

const docId = (sessionId: string, userId: string) => `${sessionId}:${userId}`;

/** The page: the workshop's skills, the session, what was answered, and which moment comes next. */
export async function selfAssessmentPage(actor: SessionUser, moduleId: string, now: Date) {
  const m = moduleOrNotFound(moduleId);
  const session = await sessionFor(actor, moduleId, now);
  const saved = session ? await findSelfOfSession(docId(session.id, actor.id)) : null;
  return {
    module: { id: m.id, title: m.title },
    skills: m.skills.map((s) => ({ id: s.id, title: s.title })),
    session: session ? { id: session.id, date: session.date } : null,
    before: saved?.before ?? null,
    after: saved?.after ?? null,
    moment: (saved?.before ? 'apres' : 'avant') as Moment,
  };
}

/** Saves one moment's answers (all skills), for the session of this workshop the page offers. */
export async function saveSelfAssessment(
  actor: SessionUser,
  moduleId: string,
  input: { session: string; moment: Moment; body: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const m = moduleOrNotFound(moduleId);
  const session = await sessionFor(actor, moduleId, now);
  if (!session || session.id !== input.session) throw new BadInput('selfAssessment.errors.noSession');
  const { answers, missing } = answersOf(
    m.skills.map((s) => s.id),
    input.body,
  );
  if (missing.length) throw new BadInput('selfAssessment.errors.missing');
  const id = docId(session.id, actor.id);
  // Read-change-write of one small document: serialised (FerretDB 1.x has no atomic update).
  await withDocumentLock(documentKey('session_self_assessments', id), async () => {
    const saved = await findSelfOfSession(id);
    await saveSelf({
      _id: id,
      session: new mongoose.Types.ObjectId(session.id),
      user: new mongoose.Types.ObjectId(actor.id),
      moduleId,
      sessionDate: session.date,
      before: input.moment === 'avant' ? answers : (saved?.before ?? null),
      beforeAt: input.moment === 'avant' ? now : (saved?.beforeAt ?? null),
      after: input.moment === 'apres' ? answers : (saved?.after ?? null),
      afterAt: input.moment === 'apres' ? now : (saved?.afterAt ?? null),
    });
  });
}

/** Per skill, a resident account's latest before/after answers (their record). */
export async function selfAnswersOfUser(userId: string): Promise<Map<string, BeforeAfter>> {
  return latestAnswers(await selfOfUser(new mongoose.Types.ObjectId(userId)));
}

/**
 * The skills booklet of a resident: their own (`residentId` null, a resident), or one of
 * the leader's site. Audited as a read of the record.
 */
export async function skillsBooklet(actor: SessionUser, residentId: string | null, now: Date) {
  let id = residentId;
  if (id === null) {
    if (actor.role !== 'resident') throw new Forbidden();
    id = (await findResidentOfUser(actor.id))?.id ?? null;
    if (!id) throw new NotFound();
  }
  const r = await residentForReader(actor, id);
  if (!r.user) throw new BadInput('selfAssessment.errors.noAccount');
  const userId = String(r.user);
  const [progress, answers, site] = await Promise.all([
    getProgress(userId),
    selfAnswersOfUser(userId),
    getSiteDetail(String(r.site)),
  ]);
  const validations = Object.fromEntries(
    Object.entries(progress.skills).map(([skill, p]) => [
      skill,
      p.validation ? { level: p.validation.level, date: p.validation.date } : undefined,
    ]),
  );
  await selfAssessmentAudit.record(actor, 'skills-booklet.download', residentSubject(r._id));
  return {
    name: `${r.firstName} ${r.lastName}`.trim(),
    siteName: site?.name ?? '',
    printedOn: now,
    modules: bookletModules(catalogue().modules, validations, answers),
  };
}

export type SkillsBooklet = Awaited<ReturnType<typeof skillsBooklet>>;
