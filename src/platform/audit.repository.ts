/**
 * Reads of the audit trail: by subject, or one month at a time (`month` is written
 * with each event), newest first. Both are equalities FerretDB 1.x on PostgreSQL turns
 * into SQL; the trail grows without end, so nothing here reads it whole.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { AuditEvent, monthOf, type AuditEntry } from './audit.js';
import { window, pageFrom, type Page } from './paging.js';
import { findBy, namedQueries } from './repository.js';

const newestFirst = { at: -1 as const };

const build = {
  eventsOfSubject: (subject: string) => ({ model: AuditEvent, filter: { subject }, sort: newestFirst }),
  eventsOfMonth: (month: string) => ({ model: AuditEvent, filter: { month }, sort: newestFirst }),
  eventsOfMonthByActor: (month: string, actor: mongoose.Types.ObjectId) => ({
    model: AuditEvent,
    filter: { month, actor },
    sort: newestFirst,
  }),
  eventsOfMonthByAction: (month: string, action: string) => ({ model: AuditEvent, filter: { month, action }, sort: newestFirst }),
};

export const auditQueries = namedQueries(build, {
  eventsOfSubject: ['resident:6b0cabff878e5813b98f9043'],
  eventsOfMonth: ['2026-11'],
  eventsOfMonthByActor: ['2026-11', new mongoose.Types.ObjectId()],
  eventsOfMonthByAction: ['2026-11', 'resident.view'],
});

type Row = AuditEntry & { actor?: mongoose.Types.ObjectId };
const toEntry = (r: Row): AuditEntry => ({
  actorId: r.actor ? String(r.actor) : null,
  actorName: r.actorName,
  action: r.action,
  subject: r.subject,
  details: r.details,
  at: r.at,
});

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
        updateOne: { filter: { _id: r._id }, update: { $set: { month: monthOf(r.at) } } },
      })),
    );
  }
  return rows.length;
}
