export {
  listSites,
  findOrCreateSite,
  getSite,
  getSiteDetail,
  updateOrganisation,
  buildingsOfSite,
  fillBuildingsIfEmpty,
  logoBySha256,
  type SiteView,
} from './site.service.js';
export { sitesRouter } from './sites.routes.js';
export { openingHoursInWords } from './place-schema.js';
export { placesRouter } from './places.routes.js';
export { SITE_LOGO_PATH } from './sites.routes.js';
export { buildingKey, listedBuilding } from './building-rules.js';
