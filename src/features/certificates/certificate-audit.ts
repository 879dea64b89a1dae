/** The audit trail's actions of certificates (platform/audit.ts). */
import { declareAuditActions } from '../../platform/audit.js';

export const certificateAudit = declareAuditActions('certificates', [
  'certificate.issue',
  'certificate.download',
  'certificate.revoke',
  'certificate.reissue',
]);
