/** The audit trail's actions of a whole record (platform/audit.ts): who read, exported or erased it. */
import { declareAuditActions } from '../../platform/audit.js';

export const recordAudit = declareAuditActions('record', ['resident.view', 'resident.export', 'resident.erase']);
