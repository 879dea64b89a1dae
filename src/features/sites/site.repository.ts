/**
 * Every read and write of sites and logos: one equality each (FerretDB 1.x on PostgreSQL
 * turns them into SQL), but the list of every site, a handful of documents.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { Site, type SiteDoc } from './site.model.js';
import { SiteLogo, type SiteLogoDoc } from './site-logo.model.js';

export type { SiteDoc };

type Id = mongoose.Types.ObjectId;

const build = {
  siteById: (id: Id) => ({ model: Site, filter: { _id: id } }),
  siteByName: (name: string) => ({ model: Site, filter: { name } }),
  everySite: () => ({ model: Site, filter: {}, sort: { name: 1 as const } }),
  logoBySha256: (sha: string) => ({ model: SiteLogo, filter: { _id: sha } }),
};

export const siteQueries = namedQueries(
  build,
  {
    siteById: [new mongoose.Types.ObjectId()],
    siteByName: ['Kérourien'],
    everySite: [],
    logoBySha256: ['0'.repeat(64)],
  },
  {},
  { everySite: 'lists of sites: the whole collection, a handful of multimedia spaces' },
);

export const findSiteById = (id: Id) => Site.findOne(build.siteById(id).filter).lean<SiteDoc>();
export const findSiteByName = (name: string) => Site.findOne(build.siteByName(name).filter).lean<SiteDoc>();
export const everySite = () => findBy(build.everySite()).lean<SiteDoc[]>();
export const findLogo = (sha: string) => SiteLogo.findOne(build.logoBySha256(sha).filter).lean<SiteLogoDoc>();

/** Inserts a site; the unique index on `name` refuses a second one of that name (E11000). */
export async function insertSite(doc: Record<string, unknown>): Promise<SiteDoc> {
  return (await Site.create(doc)).toObject() as SiteDoc;
}

/** One write of a site; the caller holds its lock. False when there is no such site. */
export async function updateSite(id: Id, update: { $set?: Record<string, unknown>; $unset?: Record<string, 1> }) {
  return (await Site.updateOne(build.siteById(id).filter, update)).matchedCount > 0;
}

/** Stores a logo once by its checksum; the same image again is refused by `_id` (E11000). */
export async function insertLogo(doc: SiteLogoDoc): Promise<void> {
  await SiteLogo.create(doc);
}
