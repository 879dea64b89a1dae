/** The audit trail's actions of accounts (platform/audit.ts). */
import { declareAuditActions } from '../../platform/audit.js';

export const accountAudit = declareAuditActions('accounts', [
  'account.password-reset',
  'account.deactivate',
  'account.reactivate',
  'account.login-card',
  'account.login-code-used',
  'account.login-code-refused',
]);
