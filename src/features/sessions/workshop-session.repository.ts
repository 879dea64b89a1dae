/**
 * Every read and write of workshop sessions: equalities on top-level fields (FerretDB
 * 1.x on PostgreSQL turns them into SQL), indexes declared in the model.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { WRITE_BATCH, type JobContext } from '../../platform/background.js';
import { monthInBrest } from '../../platform/day.js';
import { inBatches, type Migration } from '../../platform/migrations.js';
import { WorkshopSession, type WorkshopSessionDoc } from './workshop-session.model.js';
import { WorkshopRegulars, type WorkshopRegularsDoc } from './workshop-regulars.model.js';

export type { WorkshopSessionDoc };

type Id = mongoose.Types.ObjectId;

/** The month a session belongs to: its day's month in Brest. */
export const sessionMonth = (date: Date) => monthInBrest(date);
const newestFirst = { date: -1 as const };

const build = {
  sessionById: (id: Id) => ({ model: WorkshopSession, filter: { _id: id } }),
  /** One month of a site's sessions (`month`, "YYYY-MM" in Brest): the list reads a month, not the site's history. */
  sessionsOfMonth: (site: Id, month: string) => ({ model: WorkshopSession, filter: { site, month } }),
  /** Sessions written before `month` existed: completed once at start (the session-month migration). */
  sessionsWithoutMonth: () => ({
    model: WorkshopSession,
    filter: { month: { $exists: false } },
    projection: { date: 1 },
  }),
  /** An equality on an array field matches its elements, and FerretDB pushes it down. */
  sessionsOfResident: (resident: Id) => ({ model: WorkshopSession, filter: { attendees: resident }, sort: newestFirst }),
  /** A demo session found again (`npm run seed:demo`): by its workshop, or by its notes. */
  demoSession: (site: Id, moduleId: string) => ({ model: WorkshopSession, filter: { site, moduleId, demo: true } }),
  demoSessionWithNotes: (site: Id, notes: string) => ({ model: WorkshopSession, filter: { site, notes, demo: true } }),
  /** Every session of a site (the activity backfill, the rebuild of regulars and weeks). */
  everySessionOfSite: (site: Id) => ({ model: WorkshopSession, filter: { site } }),
  /** One week of a site's sessions (`week`: its Monday): the leader's home reads a few. */
  sessionsOfWeek: (site: Id, week: string) => ({ model: WorkshopSession, filter: { site, week } }),
  /** A workshop's regulars at a site (`_id`: `<site>:<moduleId>`). */
  regularsById: (id: string) => ({ model: WorkshopRegulars, filter: { _id: id } }),
  /** Every regulars document of a site (the rebuild's check). */
  regularsOfSite: (site: Id) => ({ model: WorkshopRegulars, filter: { site } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const sessionQueries = namedQueries(
  build,
  {
    sessionById: [oid()],
    sessionsOfMonth: [oid(), '2026-11'],
    sessionsWithoutMonth: [],
    sessionsOfResident: [oid()],
    demoSession: [oid(), 'ordinateur'],
    demoSessionWithNotes: [oid(), 'Démo'],
    everySessionOfSite: [oid()],
    sessionsOfWeek: [oid(), '2026-12-07'],
    regularsById: [`${oid().toHexString()}:ordinateur`],
    regularsOfSite: [oid()],
  },
  { sessionsWithoutMonth: 'once, by the session-month migration at start (migrations.ts), off the request path' },
);

export const findSessionById = (id: Id) => WorkshopSession.findOne(build.sessionById(id).filter).lean<WorkshopSessionDoc>();

/** Every session of one month of a site, in no order (a month is a few dozen: sorted in memory). */
export const sessionsOfMonth = (site: Id, month: string) =>
  findBy(build.sessionsOfMonth(site, month)).lean<WorkshopSessionDoc[]>();

export const sessionsOfResident = (resident: Id, limit: number) =>
  findBy(build.sessionsOfResident(resident)).limit(limit).lean<WorkshopSessionDoc[]>();

export const findDemoSession = (site: Id, moduleId: string) =>
  WorkshopSession.findOne(build.demoSession(site, moduleId).filter).lean<WorkshopSessionDoc>();
export const findDemoSessionWithNotes = (site: Id, notes: string) =>
  WorkshopSession.findOne(build.demoSessionWithNotes(site, notes).filter, { _id: 1 }).lean<{ _id: Id }>();
export const sessionsOfSiteCursor = (site: Id) => findBy(build.everySessionOfSite(site)).lean<WorkshopSessionDoc[]>().cursor();
export const sitesOfSessions = async () => (await WorkshopSession.distinct('site')) as Id[];

export const sessionsOfWeek = (site: Id, week: string) => findBy(build.sessionsOfWeek(site, week)).lean<WorkshopSessionDoc[]>();

export const findRegulars = (id: string) => WorkshopRegulars.findOne(build.regularsById(id).filter).lean<WorkshopRegularsDoc>();
export const regularsOfSite = (site: Id) => findBy(build.regularsOfSite(site)).lean<WorkshopRegularsDoc[]>();

/** A workshop's regulars, as a whole list; the caller holds the document's lock. */
export async function saveRegulars(doc: { _id: string; site: Id; moduleId: string; residents: { resident: Id; last: Date }[] }) {
  const { _id, ...rest } = doc;
  await WorkshopRegulars.updateOne(build.regularsById(_id).filter, { $set: rest }, { upsert: true });
}

/** A session's week, set once (sessions written before the key; the rebuild). */
export async function setWeek(id: Id, week: string): Promise<void> {
  await WorkshopSession.updateOne(build.sessionById(id).filter, { $set: { week } });
}

/** Inserts a session with its month (sessionMonth), so the list finds it. */
export async function insertSession(doc: Record<string, unknown> & { date: Date }): Promise<WorkshopSessionDoc> {
  return (await WorkshopSession.create({ ...doc, month: sessionMonth(doc.date) })).toObject() as WorkshopSessionDoc;
}

/**
 * Sessions written before `month` existed get it (a start-up migration): one scan for
 * those without it, then writes by `_id`, WRITE_BATCH at a time, a step between batches.
 */
export const sessionMonthMigration: Migration = {
  name: 'session-month',
  async run(ctx: JobContext) {
    const rows = await findBy(build.sessionsWithoutMonth()).lean<{ _id: Id; date: Date }[]>();
    await ctx.step();
    await inBatches(rows, WRITE_BATCH, ctx, async (batch) => {
      await WorkshopSession.bulkWrite(
        batch.map((r) => ({
          updateOne: { filter: build.sessionById(r._id).filter, update: { $set: { month: sessionMonth(r.date) } } },
        })),
        { ordered: false },
      );
    });
    return rows.length;
  },
};

/** Who attended, as a whole list; the caller holds the session's lock. */
export async function setAttendees(id: Id, attendees: Id[]): Promise<void> {
  await WorkshopSession.updateOne(build.sessionById(id).filter, { $set: { attendees } });
}
