export {
  listSites,
  findOrCreateSite,
  getSite,
  getSiteDetail,
  updateOrganisation,
  logoBySha256,
  type SiteView,
} from './site.service.js';
export { sitesRouter } from './sites.routes.js';
export { placesRouter } from './places.routes.js';
export { SITE_LOGO_PATH } from './sites.routes.js';
