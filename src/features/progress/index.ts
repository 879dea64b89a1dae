export { summarizeModule, type ModuleSummary } from './progress-summary.js';
export { STANDINGS, type Standing } from './standing-rules.js';
export {
  getProgress,
  getProgressOf,
  recordAttempt,
  recordSelfAssessment,
  recordVisit,
  setValidation,
  removeValidation,
  clearValidationComments,
  type ProgressData,
} from './progress.service.js';
export { withProgressLock } from './progress-lock.js';
export { getProgressOverview, progressOverviewMigration, rebuildProgressOverviews } from './progress-overview.service.js';
export type { ProgressOverview } from './progress-overview-rules.js';
export {
  SELF_LEVELS,
  VALIDATION_METHODS,
  VALIDATION_LEVELS,
  type SelfLevel,
  type ValidationMethod,
  type ValidationLevel,
} from './progress.types.js';
