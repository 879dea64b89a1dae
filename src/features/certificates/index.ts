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
  residentForStaff,
  rules as certificateRulesInUse,
  type CertificateSummary,
  type ResidentForStaff,
} from './certificate.service.js';
export { SOCLE_REF, type RuleStatus } from './eligibility.js';
