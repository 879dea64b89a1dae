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
auditSchema.index({ actor: 1 });

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

// The reads live in audit.repository.ts (one place for the queries the explain test checks).

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Erasure of a person: in the events about them (`subjects`) and in those they did
 * themselves (`actorId`), every text of the details that holds one of `words` (their
 * names, their username) is replaced; the events stay, so the counts stay.
 */
export async function anonymiseAuditTrail(target: { subjects: string[]; actorId?: string; words: string[] }): Promise<number> {
  const words = target.words.map(fold).filter((w) => w.length >= 3);
  const rows = [];
  for (const subject of target.subjects) rows.push(...(await AuditEvent.find({ subject }).lean<AuditRow[]>()));
  if (target.actorId)
    rows.push(...(await AuditEvent.find({ actor: new mongoose.Types.ObjectId(target.actorId) }).lean<AuditRow[]>()));
  let changed = 0;
  for (const row of rows) {
    const $set: Record<string, string> = {};
    for (const [key, value] of Object.entries(row.details ?? {}))
      if (typeof value === 'string' && words.some((w) => fold(value).includes(w))) $set[`details.${key}`] = ERASED;
    if (target.actorId && String(row.actor) === target.actorId) $set.actorName = ERASED;
    if (Object.keys($set).length === 0) continue;
    // Append-only: no other write touches an event, so no lock is needed.
    await AuditEvent.updateOne({ _id: row._id }, { $set });
    changed++;
  }
  return changed;
}

const ERASED = '[effacé]';
interface AuditRow {
  _id: mongoose.Types.ObjectId;
  actor?: mongoose.Types.ObjectId;
  details?: Record<string, unknown>;
}
