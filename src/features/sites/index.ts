export {
  listSites,
  findOrCreateSite,
  getSite,
  getSiteDetail,
  updateOrganisation,
  setSiteLogo,
  removeSiteLogo,
  logoBySha256,
  type SiteView,
  type SiteDetail,
  type Organisation,
} from './site.service.js';
export { ORGANISATION_LIMITS, LOGO_MAX_BYTES } from './site-limits.js';
export { sitesRouter } from './sites.routes.js';
export { SITE_LOGO_PATH } from './sites.routes.js';
