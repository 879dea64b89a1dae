export { listSites, findOrCreateSite, getSite, type SiteView } from './site.service.js';
export { sitesRouter } from './sites.routes.js';
