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
import { WRITE_BATCH, type JobContext } from './background.js';
import { inBatches, type Migration } from './migrations.js';

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
  eventsWithoutMonth: () => ({ model: AuditEvent, filter: { month: { $exists: false } }, projection: { at: 1 } }),
};

export const auditQueries = namedQueries(
  build,
  {
    eventById: [new mongoose.Types.ObjectId()],
    eventsOfSubject: ['resident:6b0cabff878e5813b98f9043'],
    eventsOfActor: [new mongoose.Types.ObjectId()],
    eventsOfMonth: ['2026-11'],
    eventsOfMonthByActor: ['2026-11', new mongoose.Types.ObjectId()],
    eventsOfMonthByAction: ['2026-11', 'resident.view'],
    eventsWithoutMonth: [],
  },
  { eventsWithoutMonth: 'once, by the audit-month migration at start (migrations.ts), off the request path' },
);

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

/**
 * Events written before `month` existed get it (a start-up migration, migrations.ts):
 * one scan for the events without it, then writes by `_id`, WRITE_BATCH at a time, with
 * a step between batches. A stopped run resumes: the next scan finds what is left.
 */
export const auditMonthMigration: Migration = {
  name: 'audit-month',
  async run(ctx: JobContext) {
    const rows = await findBy(build.eventsWithoutMonth()).lean<{ _id: Id; at: Date }[]>();
    await ctx.step();
    await inBatches(rows, WRITE_BATCH, ctx, async (batch) => {
      await AuditEvent.bulkWrite(
        batch.map((r) => ({
          updateOne: { filter: build.eventById(r._id).filter, update: { $set: { month: auditMonth(r.at) } } },
        })),
        { ordered: false },
      );
    });
    return rows.length;
  },
};
