/**
 * The audit trail's documents (see audit.ts): append-only; `month` lets the journal read
 * one month with an equality rather than the whole trail.
 */
import mongoose, { Schema } from 'mongoose';
import { monthInBrest } from './day.js';

const auditSchema = new Schema(
  {
    actor: { type: Schema.Types.ObjectId, ref: 'User' },
    actorName: { type: String, maxlength: 80 },
    action: { type: String, required: true, maxlength: 60 },
    subject: { type: String, required: true, maxlength: 120 },
    site: { type: Schema.Types.ObjectId, ref: 'Site' },
    details: { type: Schema.Types.Mixed },
    at: { type: Date, required: true },
    /** `YYYY-MM` of `at` in Brest: the journal reads one month with an equality, not the whole trail. */
    month: { type: String, maxlength: 7 },
  },
  { collection: 'audit_events', versionKey: false },
);
auditSchema.index({ subject: 1, at: -1 });
auditSchema.index({ at: -1 });
auditSchema.index({ month: 1, at: -1 });
auditSchema.index({ actor: 1 });
// The journal's filters: one month of one person, or of one action.
auditSchema.index({ month: 1, actor: 1 });
auditSchema.index({ month: 1, action: 1 });

export const AuditEvent = mongoose.model('AuditEvent', auditSchema);

/** The journal's month of an event: in Brest, so an event at 00:30 on the 1st is in the new month. */
export const auditMonth = (at: Date) => monthInBrest(at);

export interface AuditRow {
  _id: mongoose.Types.ObjectId;
  actor?: mongoose.Types.ObjectId;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  actorId?: string | null;
  actorName: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
  at: Date;
}
