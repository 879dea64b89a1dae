export { certificatesRouter, maskVerificationCodes } from './certificates.routes.js';
export {
  initCertificates,
  loadCertificateSettings,
  certificateSettingsMiddleware,
  listCertificatesForUser,
  anonymiseCertificatesOfUser,
  certificatesPanel,
  certificateStatusesOf,
  issueCertificate,
  issueToMany,
  learnerForStaff,
  rules as certificateRulesInUse,
  type CertificateSummary,
  type LearnerForStaff,
} from './certificate-issue.service.js';
export { SOCLE_REF, type RuleStatus } from './eligibility.js';
