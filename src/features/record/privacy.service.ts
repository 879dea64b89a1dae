/**
 * Personal-data rights: export (JSON and a readable page), erasure by anonymisation,
 * the retention rule, and the audit trail for coordinators.
 */
import { anonymiseResidentAccount, type SessionUser } from '../accounts/index.js';
import { anonymiseCertificatesOfUser } from '../certificates/index.js';
import { eraseValidationTexts } from '../validation/index.js';
import { anonymiseAuditTrail, audit, type AuditEntry } from '../../platform/audit.js';
import { listAuditPage } from '../../platform/audit.repository.js';
import { withDocumentLock } from '../../platform/document-lock.js';
import type { Page } from '../../platform/paging.js';
import { Forbidden } from '../../platform/errors.js';
import { endSessionsOfUser } from '../../platform/sessions.js';
import { deleteAttachmentsOf } from '../residents/attachment.service.js';
import { residentForStaff } from '../residents/resident-access.js';
import { anonymisedDetails, anonymisedIdentity, isRetentionDue } from '../residents/resident-rules.js';
import { Resident, type ResidentDoc } from '../residents/resident.model.js';
import { residentKey, subject } from '../residents/resident.service.js';
import { getRecord, type RecordView } from './record.service.js';
import { SupportEntry, type SupportEntryDoc } from '../residents/support-entry.model.js';

/** The data of one resident as plain JSON-ready values (the right of access). */
export async function exportResident(actor: SessionUser, residentId: string, now: Date) {
  const record = await getRecord(actor, residentId, 'export');
  return { exportedAt: now.toISOString(), exportedBy: actor.displayName, ...toExport(record) };
}

function toExport(r: RecordView) {
  return {
    resident: r.resident,
    household: r.household,
    supportEntries: r.entries,
    workshops: r.sessions.map((s) => ({ module: s.moduleTitle, moduleId: s.moduleId, date: s.date, leader: s.leaderName })),
    skills: r.skills,
    certificates: r.certificates.map((c) => ({ code: c.code, title: c.title, issuedAt: c.issuedAt, status: c.status })),
    attachments: r.attachments.map((a) => ({
      name: a.name,
      label: a.label,
      contentType: a.contentType,
      size: a.size,
      uploadedAt: a.uploadedAt,
    })),
  };
}

/**
 * Anonymises one resident: identity, free texts of their support entries, their
 * attachments and login account. Counts (entries by kind, workshops, subscriptions)
 * stay. Repeating it changes nothing.
 */
async function anonymise(r: ResidentDoc, actor: SessionUser | null, now: Date, reason: 'request' | 'retention') {
  if (r.anonymisedAt) return false;
  const entries = await SupportEntry.find({ resident: r._id }).select({ kind: 1, details: 1 }).lean<SupportEntryDoc[]>();
  for (const e of entries) {
    await SupportEntry.updateOne({ _id: e._id }, { $set: { notes: '', details: anonymisedDetails(e.kind, e.details ?? {}) } });
  }
  const files = await deleteAttachmentsOf(String(r._id));
  // Names as they are before the erasure: to find them in free texts.
  const words = [r.firstName ?? '', r.lastName ?? ''].flatMap((n) => n.split(/[\s'’-]+/));
  const subjects = [subject(r._id)];
  if (r.user) {
    const certificates = await anonymiseCertificatesOfUser(String(r.user), now);
    subjects.push(...certificates.map((id) => `certificate:${id}`));
    await eraseValidationTexts(String(r.user), now);
    const username = await anonymiseResidentAccount(String(r.user));
    if (username) words.push(username);
    // After the account is anonymised, so that no new login can follow.
    await endSessionsOfUser(r.user);
  }
  await anonymiseAuditTrail({ subjects, actorId: r.user ? String(r.user) : undefined, words });
  const identity = anonymisedIdentity(r, now);
  const { birthYear, ...rest } = identity;
  // Written last: a failure above leaves the record to anonymise on the next run.
  await withDocumentLock(residentKey(r._id), () =>
    Resident.updateOne(
      { _id: r._id },
      {
        $set: { ...rest, ...(birthYear ? { birthYear } : {}), followUp: false },
        $unset: { user: 1, ...(birthYear ? {} : { birthYear: 1 }) },
      },
    ),
  );
  await audit(actor, 'resident.erase', subject(r._id), { reason, entries: entries.length, files }, now);
  return true;
}

export async function eraseResident(actor: SessionUser, residentId: string, now: Date): Promise<void> {
  const r = await residentForStaff(actor, residentId);
  await anonymise(r, actor, now, 'request');
}

/** The retention rule: anonymises every resident with no contact for two years. */
export async function runRetention(now: Date): Promise<number> {
  const rows = await Resident.find({ anonymisedAt: { $exists: false } })
    .select({ createdAt: 1, lastContactAt: 1, anonymisedAt: 1, birthYear: 1, user: 1, firstName: 1, lastName: 1 })
    .lean<ResidentDoc[]>();
  let count = 0;
  for (const r of rows.filter((row) => isRetentionDue(row, now))) if (await anonymise(r, null, now, 'retention')) count++;
  return count;
}

/** The audit trail, for coordinators only. */
export async function auditTrail(
  actor: SessionUser,
  filter: { subject?: string; month: string },
  page: number,
): Promise<Page<AuditEntry>> {
  if (actor.role !== 'coordinator') throw new Forbidden();
  return listAuditPage(filter, page);
}
