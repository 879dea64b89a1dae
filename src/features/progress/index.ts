export { summarizeModule, type ModuleSummary, type SkillSummary } from './progress-summary.js';
export {
  getProgress,
  getProgressOf,
  recordAttempt,
  recordSelfAssessment,
  recordVisit,
  setValidation,
  removeValidation,
  clearValidationComments,
  withProgressLock,
  type ProgressData,
  type AttemptInput,
} from './progress.service.js';
export {
  SELF_LEVELS,
  VALIDATION_METHODS,
  VALIDATION_LEVELS,
  type SelfLevel,
  type ValidationMethod,
  type ValidationLevel,
  type SkillValidation,
  type SkillProgress,
  type ExerciseProgress,
} from './progress.types.js';
