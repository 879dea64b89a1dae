export { certificatesRouter, maskVerificationCodes } from './certificates.routes.js';
export { credentialsRouter } from './credentials.routes.js';
export { prepareCredentialKeys } from './credential.service.js';
export {
  initCertificates,
  loadCertificateSettings,
  certificateSettingsMiddleware,
  rules as certificateRulesInUse,
} from './certificate-settings.js';
export type { CertificateSummary } from './certificate-policy.js';
export { listCertificatesForUser, certificatesPanel, certificateStatusesOf } from './certificate-queries.js';
export { issueCertificate, issueToMany } from './certificate-issue.service.js';
export { certificatesForValidation } from './certificates-for-validation.js';
export { anonymiseCertificatesOfUser } from './certificate-erasure.service.js';
export { SOCLE_REF, type RuleStatus } from './eligibility.js';
