export { listSites, findOrCreateSite, getSite, type SiteView } from './site.service.js';
