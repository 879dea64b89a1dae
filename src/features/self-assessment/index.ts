/**
 * Self-assessment before and after a workshop, beside the leader's validation, and the
 * skills booklet. On top of accounts, residents, sessions, progress and workshops.
 */
export { selfAssessmentRouter } from './self-assessment.routes.js';
export { selfAssessmentAudit, selfAnswersOfUser } from './self-assessment.service.js';
export { type BeforeAfter } from './self-assessment-rules.js';
