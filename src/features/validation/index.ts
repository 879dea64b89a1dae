export { validationRouter } from './validation.routes.js';
export { sessionValidationRouter } from './session-validation.routes.js';
export { myValidationsRouter } from './my-validations.routes.js';
export { eraseValidationTexts, validateSkill } from './validation.service.js';
export type { CertificatePort } from './certificate-port.js';
export { VALIDATION_ACTIVITY, type ValidationActivity } from './validation.activity.js';
export { validationBackfill } from './validation-backfill.js';
export {
  addSummaryWeeks,
  keepSessionSummaries,
  rebuildSessionSummaries,
  sessionSummariesOfWeeks,
  summaryCertificates,
} from './session-summary.service.js';
