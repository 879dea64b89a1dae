export { statisticsRouter } from './statistics.routes.js';
export { homeFigures, type HomeFigures } from './statistics.service.js';
export {
  countSupportEntry,
  countSession,
  countValidationEvent,
  countCertificate,
  countCertificateById,
  countHousehold,
  countHouseholdById,
} from './stat-counters.js';
