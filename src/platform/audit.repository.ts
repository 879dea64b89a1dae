/**
 * Every query of the audit trail: by subject, or one month at a time (`month` is written
 * with each event), newest first; by actor and by id for the erasure. All are equalities
 * FerretDB 1.x on PostgreSQL turns into SQL; the trail grows without end, so nothing on a
 * request path reads it whole. test/http/query-pushdown.test.ts runs `explain` on each
 * builder below.
 */
import mongoose from 'mongoose';
import { AuditEvent, auditMonth, type AuditEntry, type AuditRow } from './audit.model.js';

export { auditMonth, type AuditEntry };
import { window, pageFrom, type Page } from './paging.js';
import { findBy, namedQueries } from './repository.js';

type Id = mongoose.Types.ObjectId;
const newestFirst = { at: -1 as const };

const build = {
  eventById: (id: Id) => ({ model: AuditEvent, filter: { _id: id } }),
  eventsOfSubject: (subject: string) => ({ model: AuditEvent, filter: { subject }, sort: newestFirst }),
  eventsOfActor: (actor: Id) => ({ model: AuditEvent, filter: { actor } }),
  eventsOfMonth: (month: string) => ({ model: AuditEvent, filter: { month }, sort: newestFirst }),
  eventsOfMonthByActor: (month: string, actor: Id) => ({
    model: AuditEvent,
    filter: { month, actor },
    sort: newestFirst,
  }),
  eventsOfMonthByAction: (month: string, action: string) => ({ model: AuditEvent, filter: { month, action }, sort: newestFirst }),
};

export const auditQueries = namedQueries(build, {
  eventById: [new mongoose.Types.ObjectId()],
  eventsOfSubject: ['resident:6b0cabff878e5813b98f9043'],
  eventsOfActor: [new mongoose.Types.ObjectId()],
  eventsOfMonth: ['2026-11'],
  eventsOfMonthByActor: ['2026-11', new mongoose.Types.ObjectId()],
  eventsOfMonthByAction: ['2026-11', 'resident.view'],
});

type Row = AuditEntry & { actor?: Id };
const toEntry = (r: Row): AuditEntry => ({
  actorId: r.actor ? String(r.actor) : null,
  actorName: r.actorName,
  action: r.action,
  subject: r.subject,
  details: r.details,
  at: r.at,
});

export async function insertAuditEvent(event: {
  actor?: string;
  actorName: string;
  action: string;
  subject: string;
  site?: string;
  details: Record<string, unknown>;
  at: Date;
  month: string;
}): Promise<void> {
  await AuditEvent.create(event);
}

/** The events of a subject, or done by an actor: what an erasure scrubs. */
export function eventsToScrub(who: { subject: string } | { actor: Id }) {
  const spec = 'subject' in who ? build.eventsOfSubject(who.subject) : build.eventsOfActor(who.actor);
  return findBy(spec).lean<AuditRow[]>();
}

/** Append-only: no other write touches an event, so no lock is needed. */
export async function scrubAuditEvent(id: Id, $set: Record<string, string>): Promise<void> {
  await AuditEvent.updateOne(build.eventById(id).filter, { $set });
}

/** One subject's events (the tests and the record's history), newest first. */
export async function listAuditEvents(filter: { subject: string; limit?: number }): Promise<AuditEntry[]> {
  const rows = await findBy(build.eventsOfSubject(filter.subject))
    .limit(Math.min(filter.limit ?? 200, 1000))
    .lean<Row[]>();
  return rows.map(toEntry);
}

/** One page of the journal: a subject's events, or a month's (of one person, or of one action). */
export async function listAuditPage(
  filter: { subject?: string; month: string; actor?: string; action?: string },
  page: number,
): Promise<Page<AuditEntry>> {
  const { skip, limit } = window(page);
  const spec = filter.subject
    ? build.eventsOfSubject(filter.subject)
    : filter.actor
      ? build.eventsOfMonthByActor(filter.month, new mongoose.Types.ObjectId(filter.actor))
      : filter.action
        ? build.eventsOfMonthByAction(filter.month, filter.action)
        : build.eventsOfMonth(filter.month);
  const rows = await findBy(spec).skip(skip).limit(limit).lean<Row[]>();
  return pageFrom(rows.map(toEntry), page);
}

/** Events written before `month` existed get it: once per start, off the request path. */
export async function addMissingAuditMonths(): Promise<number> {
  const rows = await AuditEvent.find({ month: { $exists: false } }, { at: 1 }).lean<{ _id: unknown; at: Date }[]>();
  for (let i = 0; i < rows.length; i += 500) {
    await AuditEvent.bulkWrite(
      rows.slice(i, i + 500).map((r) => ({
        updateOne: { filter: { _id: r._id }, update: { $set: { month: auditMonth(r.at) } } },
      })),
    );
  }
  return rows.length;
}
