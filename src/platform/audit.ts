/**
 * The audit trail: who saw or changed personal data, who issued, downloaded or
 * revoked a certificate. Append-only; written after the action, read only by
 * coordinators. `subject` names the object (e.g. "resident:<id>", "certificate:<id>").
 */
import mongoose, { Schema } from 'mongoose';

const auditSchema = new Schema(
  {
    actor: { type: Schema.Types.ObjectId, ref: 'User' },
    actorName: { type: String, maxlength: 80 },
    action: { type: String, required: true, maxlength: 60 },
    subject: { type: String, required: true, maxlength: 120 },
    site: { type: Schema.Types.ObjectId, ref: 'Site' },
    details: { type: Schema.Types.Mixed },
    at: { type: Date, required: true },
    /** `YYYY-MM` (UTC) of `at`: the journal reads one month with an equality, not the whole trail. */
    month: { type: String, maxlength: 7 },
  },
  { collection: 'audit_events', versionKey: false },
);
auditSchema.index({ subject: 1, at: -1 });
auditSchema.index({ at: -1 });
auditSchema.index({ month: 1, at: -1 });

export const AuditEvent = mongoose.model('AuditEvent', auditSchema);

export interface AuditActor {
  id: string;
  displayName: string;
  siteId?: string | null;
}

export interface AuditEntry {
  actorName: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
  at: Date;
}

export async function audit(
  actor: AuditActor | null,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
  now = new Date(),
): Promise<void> {
  await AuditEvent.create({
    actor: actor?.id,
    actorName: actor?.displayName ?? 'système',
    action,
    subject,
    site: actor?.siteId ?? undefined,
    details,
    at: now,
    month: monthOf(now),
  });
}

export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

// The reads live in the repository (one place for the queries the explain test checks).
export { listAuditEvents, listAuditPage, addMissingAuditMonths } from './audit.repository.js';
