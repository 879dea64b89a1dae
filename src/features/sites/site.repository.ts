/**
 * The reads of sites and logos on a request path: one `_id` equality each (FerretDB
 * 1.x on PostgreSQL turns them into SQL). test/http/query-pushdown.test.ts runs
 * `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { namedQueries } from '../../platform/repository.js';
import { Site, type SiteDoc } from './site.model.js';
import { SiteLogo, type SiteLogoDoc } from './site-logo.model.js';

type Id = mongoose.Types.ObjectId;

const build = {
  siteById: (id: Id) => ({ model: Site, filter: { _id: id } }),
  siteByName: (name: string) => ({ model: Site, filter: { name } }),
  logoBySha256: (sha: string) => ({ model: SiteLogo, filter: { _id: sha } }),
};

export const siteQueries = namedQueries(build, {
  siteById: [new mongoose.Types.ObjectId()],
  siteByName: ['Kérourien'],
  logoBySha256: ['0'.repeat(64)],
});

export const findSiteById = (id: Id) => Site.findOne(build.siteById(id).filter).lean<SiteDoc>();
export const findSiteByName = (name: string) => Site.findOne(build.siteByName(name).filter).lean<SiteDoc>();
export const findLogo = (sha: string) => SiteLogo.findOne(build.logoBySha256(sha).filter).lean<SiteLogoDoc>();
