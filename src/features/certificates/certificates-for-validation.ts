/**
 * The certificate parts of the validation pages (a learner's panel, the session grid's
 * statuses, issuing one or many), as the validation feature asks for them
 * (validation/certificate-port.ts). createApp hands this to the validation router.
 */
import type { CertificatePort } from '../validation/index.js';
import { issueCertificate, issueToMany } from './certificate-issue.service.js';
import { certificatesPanel, certificateStatusesOf } from './certificate-queries.js';

export const certificatesForValidation: CertificatePort = {
  panel: certificatesPanel,
  statusesOf: certificateStatusesOf,
  issue: issueCertificate,
  issueToMany,
};
