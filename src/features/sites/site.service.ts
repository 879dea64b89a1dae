import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { Site, type SiteDoc } from './site.model.js';
import { isDuplicateKey } from '../../platform/ids.js';

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
  // Found, or created by an insert that the unique index on `name` guards: the only
  // atomic write on FerretDB 1.24 (an upsert that finds the site would write it back whole).
  return withDocumentLock(documentKey('sites', `name:${data.name}`), async () => {
    const found = await Site.findOne({ name: data.name }).lean<SiteDoc>();
    if (found) return toView(found);
    try {
      return toView((await Site.create({ neighbourhood: '', address: '', demo: false, ...data })).toObject() as SiteDoc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return toView((await Site.findOne({ name: data.name }).lean<SiteDoc>())!);
    }
  });
}

export async function getSite(id: string): Promise<SiteView | null> {
  const site = await Site.findById(id).lean<SiteDoc>();
  return site ? toView(site) : null;
}
