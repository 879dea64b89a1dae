/** The audit trail's actions of the support record, and how it names a record (platform/audit.ts). */
import { declareAuditActions } from '../../platform/audit.js';

export const residentAudit = declareAuditActions('residents', [
  'resident.create',
  'resident.update',
  'resident.notice',
  'resident.entry',
  'resident.account',
  'resident.attachment.add',
  'resident.attachment.view',
  'resident.letter',
]);

/** A record as the audit trail names it. */
export const subject = (id: { toString(): string }) => `resident:${String(id)}`;
