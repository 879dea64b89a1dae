/**
 * Every read of workshop sessions on a request path: equalities on top-level fields
 * (FerretDB 1.x on PostgreSQL turns them into SQL), indexes declared in the model.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { window } from '../../platform/paging.js';
import { findBy, namedQueries } from '../../platform/repository.js';
import { WorkshopSession, type WorkshopSessionDoc } from './workshop-session.model.js';

type Id = mongoose.Types.ObjectId;
const newestFirst = { date: -1 as const };

const build = {
  sessionById: (id: Id) => ({ model: WorkshopSession, filter: { _id: id } }),
  sessionsOfSite: (site: Id) => ({ model: WorkshopSession, filter: { site }, sort: newestFirst }),
  sessionsOfSiteAndModule: (site: Id, moduleId: string) => ({
    model: WorkshopSession,
    filter: { site, moduleId },
    sort: newestFirst,
  }),
  /** An equality on an array field matches its elements, and FerretDB pushes it down. */
  sessionsOfResident: (resident: Id) => ({ model: WorkshopSession, filter: { attendees: resident }, sort: newestFirst }),
};

const oid = () => new mongoose.Types.ObjectId();
export const sessionQueries = namedQueries(build, {
  sessionById: [oid()],
  sessionsOfSite: [oid()],
  sessionsOfSiteAndModule: [oid(), 'ordinateur'],
  sessionsOfResident: [oid()],
});

export const findSessionById = (id: Id) => WorkshopSession.findOne(build.sessionById(id).filter).lean<WorkshopSessionDoc>();

/** One page (and one more row, to know there is a next page). */
export function sessionsOfSite(site: Id, page: number, moduleId?: string) {
  const { skip, limit } = window(page);
  const spec = moduleId ? build.sessionsOfSiteAndModule(site, moduleId) : build.sessionsOfSite(site);
  return findBy(spec).skip(skip).limit(limit).lean<WorkshopSessionDoc[]>();
}

export const sessionsOfResident = (resident: Id, limit: number) =>
  findBy(build.sessionsOfResident(resident)).limit(limit).lean<WorkshopSessionDoc[]>();
