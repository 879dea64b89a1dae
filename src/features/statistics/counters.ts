/**
 * What other features call when an event happens: the counters, and nothing of the
 * statistics pages (which sit above those features and read them). Importing this file
 * rather than index.ts keeps the dependencies pointing one way.
 */
export {
  countCertificate,
  countCertificateById,
  countHousehold,
  countHouseholdById,
  countSession,
  countSupportEntry,
  countValidationEvent,
} from './stat-counters.js';
