import { Site, type SiteDoc } from './site.model.js';

export interface SiteView {
  id: string;
  name: string;
  neighbourhood: string;
}

const toView = (s: SiteDoc): SiteView => ({ id: String(s._id), name: s.name, neighbourhood: s.neighbourhood });

export async function listSites(): Promise<SiteView[]> {
  const sites = await Site.find().sort({ name: 1 }).lean<SiteDoc[]>();
  return sites.map(toView);
}

export async function findOrCreateSite(data: {
  name: string;
  neighbourhood?: string;
  address?: string;
  demo?: boolean;
}): Promise<SiteView> {
  const site = await Site.findOneAndUpdate(
    { name: data.name },
    { $setOnInsert: { neighbourhood: '', address: '', demo: false, ...data } },
    { upsert: true, returnDocument: 'after' },
  ).lean<SiteDoc>();
  return toView(site!);
}

export async function getSite(id: string): Promise<SiteView | null> {
  const site = await Site.findById(id).lean<SiteDoc>();
  return site ? toView(site) : null;
}
